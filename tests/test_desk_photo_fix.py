"""Fixing a refused publish from the photo's own page: the editor adds the missing credit in
the library, comes back to the story's form (opened before) and publishes. The story's version
moved only because a photo it shows changed, nothing the form shows: the save goes through,
no "someone changed this article" refusal for the editor's own fix."""

import pytest
from django.urls import reverse

from articles import workflow
from images import library
from tests.desk import article_form
from tests.factories import ready_to_publish, staff_user
from tests.images_factory import upload
from tests.test_desk_merge import shown

pytestmark = pytest.mark.django_db


def _url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_a_credit_added_in_the_library_does_not_make_the_open_form_stale(client):
    editor = staff_user("editor")
    client.force_login(editor)
    image, _ = library.store_upload(upload(), alt_text="A lighthouse at dusk")  # no credit
    article = ready_to_publish(created_by=editor)
    article.lead_image = image
    article = workflow.save_article(article=article, by=editor)
    opened = _publish(shown(client.get(_url(article))))
    assert opened["lead_image"] == [str(image.pk)]

    refused = client.post(_url(article), opened)
    assert refused.status_code == 200
    assert "has no credit" in refused.text

    image.credit = "Ann Lee/Newsroom"
    image.save()  # from the photo's page, in another tab
    article.refresh_from_db()
    assert article.version > opened_version(opened)

    published = client.post(_url(article), opened)
    assert published.status_code == 302, published.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == "published"


def test_a_real_change_by_someone_else_is_still_refused_once(client):
    editor = staff_user("editor")
    client.force_login(editor)
    article = workflow.save_article(article=ready_to_publish(created_by=editor), by=editor)
    opened = article_form(article)
    article.dek = "Their standfirst"
    workflow.save_article(article=article, by=staff_user("editor", username="other"))

    refused = client.post(_url(article), opened | {"headline": "My headline"})
    assert refused.status_code == 200
    assert "after you opened it" in refused.text


def opened_version(data):
    return int(data["expected_version"][0])


def _publish(data):
    data = {key: value for key, value in data.items() if key != "_save"}
    return data | {"_transition": ["publish"]}
