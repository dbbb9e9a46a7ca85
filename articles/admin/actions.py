"""The article list's bulk actions, each through the workflow: submit, publish, unpublish,
archive and trash the selected articles, and which of them a user is offered."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from articles import permissions, trash, workflow

# Offered to editors only: the workflow would refuse anyone else one article at a time.
EDITORS_ONLY = ("publish_selected", "unpublish_selected", "archive_selected")


def offered(actions: dict, user) -> dict:
    """The actions of the article list this user may take; Django's delete is never one
    (deleting an article means the trash)."""
    actions.pop("delete_selected", None)
    if not permissions.may_publish(user):
        for name in EDITORS_ONLY:
            actions.pop(name, None)
    if not user.has_perm("articles.delete_article"):
        actions.pop("trash_selected", None)
    return actions


def _transition_each(request, queryset, name):
    """Apply one workflow transition to each article, reporting what was done and refused."""
    done, refused = 0, []
    for article in queryset:
        try:
            workflow.transition(article=article, name=name, by=request.user)
            done += 1
        except (workflow.WorkflowError, PermissionDenied) as exc:
            refused.append(f"{article}: {exc}")
    if done:
        messages.success(request, f"{done} article(s) {workflow.TRANSITIONS[name].done}.")
    for line in refused:
        messages.error(request, line)


def _transition_selected(name: str, description: str):
    """The bulk action `<name>_selected`: the workflow transition `name` on each article."""

    def action(model_admin, request, queryset):
        _transition_each(request, queryset, name)

    action.__name__ = action.__qualname__ = f"{name}_selected"  # the action's name in the form
    return admin.action(description=description)(action)


submit_selected = _transition_selected("submit", "Submit selected articles for review")
publish_selected = _transition_selected("publish", "Publish selected articles now")
unpublish_selected = _transition_selected("unpublish", "Send selected articles back to draft")
archive_selected = _transition_selected("archive", "Archive selected articles")


@admin.action(description="Move selected articles to the trash")
def trash_selected(model_admin, request, queryset):
    count = 0
    for article in queryset:
        trash.trash(article=article, by=request.user)
        count += 1
    messages.success(request, f"{count} article(s) moved to the trash.")


ALL = [submit_selected, publish_selected, unpublish_selected, archive_selected, trash_selected]
