"""A partner's API account: a login with no desk access, whose token reads the API as the
public does, plus stories under embargo when the partner is allowed embargoed copy (the group
made by migration 0004 holds articles.read_embargoed). Kept in step with the partner: an
inactive partner's account cannot sign in, and losing embargoed copy loses the group."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from rest_framework.authtoken.models import Token

from distribution.models import Partner

PARTNER_GROUP = "Partner with embargoed copy"


def sync(partner: Partner) -> None:
    """Give the partner's account (if it has one) the access the partner has now."""
    account = partner.account
    if account is None:
        return
    account.is_active = partner.active
    account.save(update_fields=["is_active"])
    group = Group.objects.get(name=PARTNER_GROUP)
    if partner.embargoed_copy:
        account.groups.add(group)
    else:
        account.groups.remove(group)


@transaction.atomic
def issue_token(partner: Partner) -> str:
    """A new API token for the partner (the old one stops working); its account made on first
    use. Returns the key, to be given to the partner once."""
    if partner.account is None:
        account = get_user_model().objects.create_user(
            username=f"partner-{partner.pk}", first_name=partner.name[:150]
        )
        account.set_unusable_password()
        account.save()
        partner.account = account
        partner.save(update_fields=["account"])
    sync(partner)
    Token.objects.filter(user=partner.account).delete()
    return Token.objects.create(user=partner.account).key
