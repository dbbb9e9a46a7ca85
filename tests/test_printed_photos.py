"""A photo that a published story shows is part of that story: changing its alt text, caption,
credit or crops is an editor's action, on the desk, on the article desk's photo panel and in
the API, as changing a cited source is. A photo not yet in print is anyone's on the desk."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from articles import workflow
from images import library
from tests.factories import ready_to_publish, staff_user
from tests.images_factory import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    image, _ = library.store_upload(upload(), alt_text="A lighthouse", credit="Ann Lee/Newsroom")
    return image


def _print(image, editor):
    article = ready_to_publish(created_by=editor)
    article.lead_image = image
    article = workflow.save_article(article=article, by=editor)
    return workflow.transition(article=article, name="publish", by=editor)


def _change_form(image, **changes):
    fields = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "copyright_notice": "",
        "licence": "",
        "origin": image.origin,
        "origin_detail": "",
        "digital_source_type": image.digital_source_type,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
    }
    return fields | changes


def test_only_editors_hold_the_permission():
    assert (
        Group.objects.get(name="Editor")
        .permissions.filter(codename="change_printed_image")
        .exists()
    )
    assert (
        not Group.objects.get(name="Reporter")
        .permissions.filter(codename="change_printed_image")
        .exists()
    )


def test_a_reporter_describes_a_photo_not_yet_in_print(client, photo):
    client.force_login(staff_user("reporter"))
    change = reverse("admin:images_image_change", args=[photo.pk])
    saved = client.post(change, _change_form(photo, caption="At dusk."))
    assert saved.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "At dusk."

    api = APIClient()
    api.force_authenticate(staff_user("reporter", username="second"))
    patched = api.patch(f"/api/v1/images/{photo.pk}/", {"credit": "Bo Ma/Agency"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["credit"] == "Bo Ma/Agency"


def test_a_photo_in_print_is_read_only_for_a_reporter_everywhere(client, photo):
    _print(photo, staff_user("editor"))
    reporter = staff_user("reporter")
    client.force_login(reporter)
    change = reverse("admin:images_image_change", args=[photo.pk])

    page = client.get(change)
    assert page.status_code == 200
    assert 'name="caption"' not in page.text  # shown, not editable
    assert client.post(change, _change_form(photo, caption="Changed")).status_code == 403

    describe = reverse("admin:images_image_describe", args=[photo.pk])
    refused = client.post(describe, {"credit": "Someone Else/Agency"})
    assert refused.status_code == 403
    assert "editor's action" in refused.json()["error"]

    api = APIClient()
    api.force_authenticate(reporter)
    patched = api.patch(f"/api/v1/images/{photo.pk}/", {"caption": "Changed"}, format="json")
    assert patched.status_code == 403
    assert "editor's action" in patched.json()["detail"]

    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("", "Ann Lee/Newsroom")


def test_an_editor_changes_a_photo_in_print(client, photo):
    editor = staff_user("editor")
    _print(photo, editor)
    client.force_login(editor)
    change = reverse("admin:images_image_change", args=[photo.pk])
    assert client.post(change, _change_form(photo, caption="Corrected")).status_code == 302

    api = APIClient()
    api.force_authenticate(editor)
    patched = api.patch(f"/api/v1/images/{photo.pk}/", {"credit": "A/B"}, format="json")
    assert patched.status_code == 200
    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("Corrected", "A/B")
