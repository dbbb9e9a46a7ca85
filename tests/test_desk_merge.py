"""A stale save on the desk is merged three ways: the version the editor started from (base), the
stored article (theirs) and the POST (mine), inlines included. Through the admin's real URLs, two
editors with two browsers; the second saves again from the refused form exactly as a browser
would resubmit what it shows."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from articles import form_inputs, merge, workflow
from articles.models import Credit, TaggedArticle, Topic
from sources.models import Attribution
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    SourceFactory,
    TopicFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


# --- A browser ----------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """What a browser submits from the article's change form: every named input, textarea and
    select inside it, checkboxes only when ticked, textareas with CRLF line ends."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: list | None = None
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input":
            self._input(attrs)
        elif tag == "textarea" and "name" in attrs:
            self._textarea = [attrs["name"], ""]
        elif tag == "select" and "name" in attrs:
            self._select = {"name": attrs["name"], "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs}
            self._option["text"] = ""
            self._select["options"].append(self._option)

    def _input(self, attrs):
        kind = attrs.get("type", "text")
        if "name" not in attrs or "disabled" in attrs:
            return
        if kind in {"submit", "button", "image", "reset", "file"}:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in attrs:
                self.pairs.append((attrs["name"], attrs.get("value") or "on"))
            return
        self.pairs.append((attrs["name"], attrs.get("value") or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            text = text.removeprefix("\r\n").removeprefix("\n")  # as HTML parsing drops it
            self.pairs.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [option for option in options if option["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.pairs.append((self._select["name"], value))
            self._select = None


def shown(response) -> dict:
    """The form in the page, as a browser would submit it on pressing Save."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.pairs:
        data.setdefault(name, []).append(value)
    assert "expected_version" in data, "no article form in the page"
    return {**data, "_save": ["Save"]}


def one(data: dict, name: str) -> str:
    values = data.get(name, [])
    assert len(values) == 1, (name, values)
    return values[0]


def rows(data: dict, prefix: str) -> list[dict]:
    """The forms of one inline formset in a POST, by index."""
    total = int(one(data, f"{prefix}-TOTAL_FORMS"))
    found = []
    for index in range(total):
        start = f"{prefix}-{index}-"
        found.append(
            {
                key.removeprefix(start): values[-1]
                for key, values in data.items()
                if key.startswith(start)
            }
        )
    return found


def row_for(data: dict, prefix: str, pk) -> tuple[int, dict]:
    for index, row in enumerate(rows(data, prefix)):
        if row.get("id") == str(pk):
            return index, row
    raise AssertionError(f"no {prefix} row for {pk}")


# --- The story and its two editors ---------------------------------------------------------


@pytest.fixture
def editors():
    return staff_user("editor", username="ann"), staff_user("editor", username="ben")


@pytest.fixture
def story(editors):
    """A filed story with a byline, a quote and two topics, its filing in the history."""
    ann, _ = editors
    article = ArticleFactory(headline="Original headline", dek="Original dek", slug="story")
    CreditFactory(article=article, contributor=ContributorFactory(name="Cara Reporter"))
    AttributionFactory(article=article, source=SourceFactory(name="Jane Source"), text="We won.")
    article.topics.add(TopicFactory(name="Politics"), TopicFactory(name="Courts"))
    workflow.save_article(
        article=article, by=ann, expected_version=article.version, message="Filed"
    )
    article.refresh_from_db()
    return article


def _url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desks(editors, story):
    """Ann's and Ben's browsers, each with the change form open at the same version."""
    ann, ben = (_browser(user) for user in editors)
    opened = {name: shown(client.get(_url(story))) for name, client in (("ann", ann), ("ben", ben))}
    return ann, ben, opened["ann"], opened["ben"]


def _save(client, article, data):
    return client.post(_url(article), data)


def _saved(response):
    assert response.status_code == 302, _errors(response)
    return response


def _refused(response):
    assert response.status_code == 200
    assert response.context["conflict"], _errors(response)
    return response


def _errors(response):
    if response.context is None:
        return response.status_code
    return [response.context["errors"]] + [
        formset.formset.errors for formset in response.context["inline_admin_formsets"]
    ]


# --- The issue: their headline and my dek ----------------------------------------------------


def test_saving_again_from_the_refused_form_keeps_their_headline_and_my_dek(desks, story):
    ann, ben, ann_form, ben_form = desks
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))

    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))

    assert "merged" in refused.text
    assert "Their changes are listed above" in refused.text
    again = shown(refused)
    assert one(again, "headline") == "Ann's headline"  # theirs, merged into the form
    assert one(again, "dek") == "Ben's dek"  # mine, kept
    assert one(again, "expected_version") == str(story.version + 1)
    assert not any(name.startswith("_theirs_") for name in again)  # nothing to choose

    _saved(_save(ben, story, again))
    story.refresh_from_db()
    assert (story.headline, story.dek) == ("Ann's headline", "Ben's dek")
    assert story.version == 4


def test_the_form_data_of_the_refused_form_is_the_merge(desks, story):
    ann, ben, ann_form, ben_form = desks
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))

    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))

    data = refused.context["adminform"].form.data
    assert data["headline"] == "Ann's headline"
    assert data["dek"] == "Ben's dek"
    assert data["expected_version"] == story.version + 1
    for formset in refused.context["inline_admin_formsets"]:
        assert formset.formset.data is data  # the inlines are bound to the same merge


def test_both_changing_the_headline_is_a_choice_mine_in_the_input_theirs_beside_it(desks, story):
    ann, ben, ann_form, ben_form = desks
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))

    refused = _refused(
        _save(ben, story, ben_form | {"headline": ["Ben's headline"], "dek": ["Ben's dek"]})
    )

    conflict = refused.context["conflict"]
    assert [field["name"] for field in conflict["fields"]] == ["headline"]
    assert 'name="_theirs_headline"' in refused.text
    assert "Use their version" in refused.text
    assert "You both changed this." in refused.text  # under the input, theirs beside mine
    assert "Headline" in str(refused.context["errors"])  # the message names it
    again = shown(refused)
    assert one(again, "headline") == "Ben's headline"
    assert "Ann&#x27;s headline" in refused.text

    _saved(_save(ben, story, again))  # as shown: mine
    story.refresh_from_db()
    assert (story.headline, story.dek) == ("Ben's headline", "Ben's dek")


def test_ticking_use_their_version_takes_their_headline(desks, story):
    ann, ben, ann_form, ben_form = desks
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))
    refused = _refused(
        _save(ben, story, ben_form | {"headline": ["Ben's headline"], "dek": ["Ben's dek"]})
    )

    _saved(_save(ben, story, shown(refused) | {"_theirs_headline": ["1"]}))

    story.refresh_from_db()
    assert (story.headline, story.dek) == ("Ann's headline", "Ben's dek")


def test_a_third_save_in_between_is_merged_again_from_what_was_shown(desks, story, editors):
    ann, ben, ann_form, ben_form = desks
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))
    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))
    # Ann saves again while Ben looks at the refused form.
    _saved(_save(ann, story, shown(ann.get(_url(story))) | {"dateline": ["PARIS"]}))

    refused_again = _refused(_save(ben, story, shown(refused)))

    _saved(_save(ben, story, shown(refused_again)))
    story.refresh_from_db()
    assert (story.headline, story.dek, story.dateline) == ("Ann's headline", "Ben's dek", "PARIS")


# --- Inline rows -------------------------------------------------------------------------------


def test_a_credit_they_added_survives_my_save(desks, story):
    ann, ben, ann_form, ben_form = desks
    added = ContributorFactory(name="Dan Added")
    ann_form = ann_form | {
        "credits-TOTAL_FORMS": ["2"],
        "credits-1-contributor": [str(added.pk)],
        "credits-1-role": ["reporting"],
        "credits-1-order": ["1"],
    }
    _saved(_save(ann, story, ann_form))

    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))

    again = shown(refused)
    assert sorted(row["contributor"] for row in rows(again, "credits")) == sorted(
        str(credit.contributor_id) for credit in story.credits.all()
    )
    _saved(_save(ben, story, again))
    names = set(story.credits.values_list("contributor__name", flat=True))
    assert names == {"Cara Reporter", "Dan Added"}
    story.refresh_from_db()
    assert story.dek == "Ben's dek"


def test_rows_missing_from_a_post_are_left_alone_by_the_formsets(desks, story):
    _ann, ben, _ann_form, ben_form = desks
    data = ben_form | {"credits-TOTAL_FORMS": ["0"], "credits-INITIAL_FORMS": ["0"]}
    data = {key: value for key, value in data.items() if not key.startswith("credits-0-")}

    _saved(_save(ben, story, data))

    assert story.credits.count() == 1


def test_a_credit_role_they_changed_is_kept_when_i_did_not_touch_it(desks, story):
    ann, ben, ann_form, ben_form = desks
    credit = story.credits.get()
    index, _ = row_for(ann_form, "credits", credit.pk)
    _saved(_save(ann, story, ann_form | {f"credits-{index}-role": ["editing"]}))

    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))

    _, row = row_for(shown(refused), "credits", credit.pk)
    assert row["role"] == "editing"
    _saved(_save(ben, story, shown(refused)))
    credit.refresh_from_db()
    assert credit.role == Credit.Role.EDITING


def test_a_credit_role_i_changed_is_kept_when_they_did_not_touch_it(desks, story):
    ann, ben, ann_form, ben_form = desks
    credit = story.credits.get()
    index, _ = row_for(ben_form, "credits", credit.pk)
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))

    refused = _refused(_save(ben, story, ben_form | {f"credits-{index}-role": ["writing"]}))

    _saved(_save(ben, story, shown(refused)))
    credit.refresh_from_db()
    story.refresh_from_db()
    assert (credit.role, story.headline) == (Credit.Role.WRITING, "Ann's headline")


def test_both_changing_a_credit_role_is_a_choice_and_ticking_takes_theirs(desks, story):
    ann, ben, ann_form, ben_form = desks
    credit = story.credits.get()
    index, _ = row_for(ann_form, "credits", credit.pk)
    _saved(_save(ann, story, ann_form | {f"credits-{index}-role": ["editing"]}))
    refused = _refused(_save(ben, story, ben_form | {f"credits-{index}-role": ["writing"]}))

    again = shown(refused)
    index, row = row_for(again, "credits", credit.pk)
    assert row["role"] == "writing"  # mine in the input
    conflict = refused.context["conflict"]
    assert [field["name"] for field in conflict["fields"]] == [f"credits-{index}-role"]
    assert "Editing" in refused.text  # theirs beside it, readable

    _saved(_save(ben, story, again | {f"_theirs_credits-{index}-role": ["1"]}))
    credit.refresh_from_db()
    assert credit.role == Credit.Role.EDITING


def test_an_attribution_they_deleted_stays_deleted(desks, story, editors):
    ann, ben, _, _ = desks
    attribution = story.attributions.get()
    kept = AttributionFactory(article=story, text="We will appeal.", order=1)
    workflow.touch(article=story, by=editors[0], message="A second quote")
    ann_form, ben_form = shown(ann.get(_url(story))), shown(ben.get(_url(story)))
    index, _ = row_for(ann_form, "attributions", attribution.pk)
    _saved(_save(ann, story, ann_form | {f"attributions-{index}-DELETE": ["on"]}))

    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))

    again = shown(refused)
    shown_rows = rows(again, "attributions")
    assert [row["id"] for row in shown_rows] == [str(kept.pk)]
    assert one(again, "attributions-TOTAL_FORMS") == "1"
    assert one(again, "attributions-INITIAL_FORMS") == "1"
    _saved(_save(ben, story, again))
    assert list(Attribution.objects.filter(article=story)) == [kept]


def test_a_row_they_deleted_that_i_changed_comes_back_as_mine_unless_i_take_theirs(desks, story):
    ann, ben, ann_form, ben_form = desks
    attribution = story.attributions.get()
    index, _ = row_for(ann_form, "attributions", attribution.pk)
    _saved(_save(ann, story, ann_form | {f"attributions-{index}-DELETE": ["on"]}))

    refused = _refused(
        _save(ben, story, ben_form | {f"attributions-{index}-text": ["We won, narrowly."]})
    )

    again = shown(refused)
    (row,) = rows(again, "attributions")
    assert (row["id"], row["text"]) == ("", "We won, narrowly.")
    (choice,) = refused.context["conflict"]["fields"]
    assert choice["name"] == "attributions-0"
    assert "deleted" in choice["theirs"].lower()

    taken = _save(ben, story, again | {"_theirs_attributions-0": ["1"]})
    _saved(taken)
    assert not Attribution.objects.filter(article=story).exists()


def test_a_correction_they_reworded_keeps_their_words_and_its_time(desks, story, editors):
    ann, ben, _, _ = desks
    correction = CorrectionFactory(article=story, text="We misspelled a name.")
    workflow.touch(article=story, by=editors[0], message="A correction")
    ann_form, ben_form = shown(ann.get(_url(story))), shown(ben.get(_url(story)))
    index, _ = row_for(ann_form, "corrections", correction.pk)
    _saved(_save(ann, story, ann_form | {f"corrections-{index}-text": ["We misspelled Ann."]}))
    correction.refresh_from_db()
    published_at = correction.published_at

    refused = _refused(_save(ben, story, ben_form | {"dek": ["Ben's dek"]}))

    _, row = row_for(shown(refused), "corrections", correction.pk)
    assert row["text"] == "We misspelled Ann."
    assert refused.context["conflict"]["fields"] == []
    _saved(_save(ben, story, shown(refused)))
    correction.refresh_from_db()
    assert correction.text == "We misspelled Ann."
    assert abs((correction.published_at - published_at).total_seconds()) < 1


def test_topics_are_a_set_both_sides_additions_and_removals_count(desks, story):
    ann, ben, ann_form, ben_form = desks
    politics, courts = Topic.objects.get(name="Politics"), Topic.objects.get(name="Courts")
    economy, science, shared = (TopicFactory(name=name) for name in ("Economy", "Science", "Both"))

    def edit(form, drop, *adds):
        index, _ = row_for(form, "tagged_topics", story.tagged_topics.get(tag=drop).pk)
        total = int(one(form, "tagged_topics-TOTAL_FORMS"))
        edited = form | {f"tagged_topics-{index}-DELETE": ["on"]}
        for offset, topic in enumerate(adds):
            edited |= {f"tagged_topics-{total + offset}-tag": [str(topic.pk)]}
        return edited | {"tagged_topics-TOTAL_FORMS": [str(total + len(adds))]}

    _saved(_save(ann, story, edit(ann_form, politics, economy, shared)))
    refused = _refused(_save(ben, story, edit(ben_form, courts, science, shared)))

    _saved(_save(ben, story, shown(refused)))
    assert set(story.topics.values_list("name", flat=True)) == {"Economy", "Science", "Both"}


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tampered",
    [
        {"_theirs_no_such_field": ["1"]},
        {"_theirs_expected_version": ["1"]},
        {"_theirs_credits-999999999999999999999-role": ["1"]},
        {"_theirs_credits-x": ["1"]},
        {"_theirs_credits-0-no_such_field": ["1"]},
        {"_theirs_nosuchprefix-0": ["1"]},
        {"credits-TOTAL_FORMS": ["lots"]},
        {"credits-TOTAL_FORMS": ["99999999999999999999"], "credits-INITIAL_FORMS": ["-4"]},
        {"attributions-INITIAL_FORMS": ["7"]},
        {"credits-0-id": ["9" * 40]},
        {"tagged_topics-0-id": ["abc"], "tagged_topics-INITIAL_FORMS": ["1"]},
    ],
)
def test_tampered_choices_and_management_data_are_never_a_500(desks, story, tampered):
    ann, ben, ann_form, ben_form = desks
    _saved(_save(ann, story, ann_form | {"headline": ["Ann's headline"]}))

    stale = _save(ben, story, ben_form | {"dek": ["Ben's dek"]} | tampered)
    assert stale.status_code == 200
    if stale.context and stale.context["conflict"]:
        again = _save(ben, story, shown(stale) | tampered)
        assert again.status_code in {200, 302}
    story.refresh_from_db()
    assert story.headline == "Ann's headline"


def test_a_start_missing_from_the_history_lists_every_difference_as_a_choice(editors):
    ann_user, ben_user = editors
    article = ArticleFactory(headline="Unfiled", dek="Old dek")  # version 1, no revision
    ann, ben = _browser(ann_user), _browser(ben_user)
    ann_form, ben_form = shown(ann.get(_url(article))), shown(ben.get(_url(article)))
    _saved(_save(ann, article, ann_form | {"headline": ["Ann's headline"]}))

    refused = _refused(_save(ben, article, ben_form | {"dek": ["Ben's dek"]}))

    conflict = refused.context["conflict"]
    assert [field["name"] for field in conflict["fields"]] == ["headline", "dek"]
    _saved(_save(ben, article, shown(refused) | {"_theirs_headline": ["1"]}))
    article.refresh_from_db()
    assert (article.headline, article.dek) == ("Ann's headline", "Ben's dek")


# --- articles/merge.py, function by function ----------------------------------------------


def _q(pairs: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def v(value: str) -> dict:
    return {"x": [value]}


@pytest.mark.parametrize(
    ("base", "theirs", "mine", "expected"),
    [
        ("a", "a", "a", ("a", merge.SAME)),
        ("a", "b", "a", ("b", merge.TAKEN)),
        ("a", "a", "b", ("b", merge.MINE)),
        ("a", "b", "b", ("b", merge.SAME)),  # both made the same change
        ("a", "b", "c", ("c", merge.CONFLICT)),
        (None, "b", "c", ("c", merge.CONFLICT)),  # no base: every difference is a choice
        (None, "b", "b", ("b", merge.SAME)),
    ],
)
def test_merge_value(base, theirs, mine, expected):
    value, outcome = merge.merge_value(None if base is None else v(base), v(theirs), v(mine))
    assert (value["x"][0], outcome) == expected


def test_line_ends_and_empty_inputs_compare_as_a_browser_means_them():
    assert merge.same({"x": ["one\r\ntwo"]}, {"x": ["one\ntwo"]})
    assert merge.same({"x": []}, {"x": [""]})
    assert merge.same({"x": [""]}, {})
    assert not merge.same({"x": ["a"]}, {"x": ["a", "b"]})


def test_a_stored_value_is_rendered_as_its_widget_posts_it(settings):
    settings.TIME_ZONE = "UTC"
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    split = forms.SplitDateTimeField()
    assert form_inputs.input_names(split, "at") == ("at_0", "at_1")
    assert form_inputs.rendered(split, "at", when) == {"at_0": ["2026-03-04"], "at_1": ["05:06:07"]}
    assert form_inputs.rendered(split, "at", None) == {"at_0": [""], "at_1": [""]}
    assert form_inputs.rendered(forms.BooleanField(), "ok", True) == {"ok": ["on"]}
    assert form_inputs.rendered(forms.BooleanField(), "ok", False) == {"ok": []}
    choice = forms.ChoiceField(choices=[("a", "Ay"), ("b", "Bee")])
    assert form_inputs.rendered(choice, "c", "b") == {"c": ["b"]}
    assert form_inputs.rendered(forms.CharField(), "t", None) == {"t": [""]}
    assert form_inputs.rendered(forms.IntegerField(), "n", 0) == {"n": ["0"]}


def test_readable_values_are_labels_not_codes():
    choice = forms.ChoiceField(choices=[("a", "Ay"), ("Group", [("b", "Bee")])])
    assert merge.readable(choice, "c", {"c": ["b"]}) == "Bee"
    assert merge.readable(choice, "c", {"c": ["tampered"]}) == "tampered"
    assert merge.readable(forms.CharField(required=False), "t", {"t": [""]}) == ""


def test_reading_a_formset_takes_its_forms_in_order_and_refuses_tampered_counts():
    data = _q(
        {
            "f-TOTAL_FORMS": "2",
            "f-INITIAL_FORMS": "1",
            "f-0-id": "7",
            "f-0-role": "byline",
            "f-1-role": "editing",
            "f-5-role": "beyond the total",
            "f-__prefix__-role": "the empty form",
        }
    )

    first, second = merge.read_formset(data, "f")

    assert (first.initial, first.value("id"), first.value("role")) == (True, "7", "byline")
    assert (second.initial, second.value("id"), second.inputs) == (False, "", {"role": ["editing"]})
    for counts in [("x", "0"), ("1", "2"), ("-1", "0"), ("²", "0"), ("5000", "0")]:
        tampered = data.copy()
        tampered["f-TOTAL_FORMS"], tampered["f-INITIAL_FORMS"] = counts
        assert merge.read_formset(tampered, "f") is None


def test_writing_a_formset_renumbers_initial_forms_first_and_counts_them():
    data = _q({"f-TOTAL_FORMS": "3", "f-INITIAL_FORMS": "2", "f-2-role": "gone", "other": "kept"})
    data["f-__prefix__-role"] = "template"
    forms_ = [merge.Posted({"role": ["new"]}, False), merge.Posted({"id": ["4"]}, True)]

    merge.write_formset(data, "f", forms_)

    assert data["f-TOTAL_FORMS"] == "2"
    assert data["f-INITIAL_FORMS"] == "1"
    assert (data["f-0-id"], data["f-1-role"]) == ("4", "new")
    assert "f-2-role" not in data
    assert (data["other"], data["f-__prefix__-role"]) == ("kept", "template")


def test_hidden_initial_values_go_with_their_form_when_renumbered():
    data = _q(
        {
            "c-TOTAL_FORMS": "2",
            "c-INITIAL_FORMS": "0",
            "c-1-text": "mine",
            "initial-c-1-at_0": "2026-01-02",
            "initial-c-0-at_0": "2026-09-09",
        }
    )
    _first, second = merge.read_formset(data, "c")
    assert second.hidden == {"at_0": ["2026-01-02"]}

    merge.write_formset(data, "c", [second])

    assert (data["c-0-text"], data["initial-c-0-at_0"]) == ("mine", "2026-01-02")
    assert "initial-c-1-at_0" not in data


CREDITS = merge.RowShape(
    model=Credit,
    fields={
        "role": forms.ChoiceField(choices=Credit.Role.choices),
        "place": forms.CharField(required=False),
    },
    fk="article",
    label="Credits",
)


def _row(pk="", role="byline", place="", deleted=False, initial=True):
    inputs = {"id": [pk], "article": ["1"], "role": [role], "place": [place]}
    if deleted:
        inputs["DELETE"] = ["on"]
    return merge.Posted(inputs, initial)


def _stored(role="byline", place=""):
    return {"role": [role], "place": [place]}


def _merged_rows(base, theirs, mine):
    result = merge.merge_rows(CREDITS, base, theirs, mine, parent="1")
    summary = [
        (form.value("id"), form.value("role"), form.value("place"), form.deleted, form.initial)
        for form in result.forms
    ]
    return summary, result


def test_rows_they_changed_keep_theirs_and_rows_i_changed_keep_mine_field_by_field():
    base = {"1": _stored(), "2": _stored()}
    theirs = {"1": _stored(role="editing"), "2": _stored(place="Paris")}
    mine = [_row("1"), _row("2", role="writing")]

    summary, result = _merged_rows(base, theirs, mine)

    assert summary == [
        ("1", "editing", "", False, True),
        ("2", "writing", "Paris", False, True),
    ]
    assert result.choices == []
    assert result.taken


def test_both_changing_a_rows_field_keeps_mine_and_is_a_choice():
    summary, result = _merged_rows(
        {"1": _stored()}, {"1": _stored(role="editing")}, [_row("1", role="writing")]
    )

    assert summary == [("1", "writing", "", False, True)]
    (choice,) = result.choices
    assert (choice.field, choice.mine, choice.theirs) == (
        "role",
        {"role": ["writing"]},
        {"role": ["editing"]},
    )


def test_rows_they_added_join_the_form_and_the_same_new_row_on_both_sides_is_one():
    theirs = {"1": _stored(), "9": _stored(role="editing", place="Rome")}
    mine = [_row("1"), _row(role="editing", place="Rome", initial=False), _row(initial=False)]

    summary, _ = _merged_rows({"1": _stored()}, theirs, mine)

    assert summary == [
        ("1", "byline", "", False, True),
        ("9", "editing", "Rome", False, True),
        ("", "byline", "", False, False),  # my other new row
    ]


def test_rows_they_deleted_leave_the_form_unless_i_changed_them():
    base = {"1": _stored(), "2": _stored(), "3": _stored()}
    mine = [_row("1"), _row("2", place="Oslo"), _row("3", deleted=True)]

    summary, result = _merged_rows(base, {}, mine)

    assert summary == [("", "byline", "Oslo", False, False)]  # mine, back as a new row
    (choice,) = result.choices
    assert (choice.field, choice.theirs) == (None, None)


def test_a_row_i_deleted_that_they_changed_is_a_choice_and_stays_deleted():
    summary, result = _merged_rows(
        {"1": _stored()}, {"1": _stored(place="Rome")}, [_row("1", deleted=True)]
    )

    assert summary == [("1", "byline", "", True, True)]
    (choice,) = result.choices
    assert (choice.field, choice.mine, choice.theirs) == (
        None,
        None,
        {"role": ["byline"], "place": ["Rome"]},
    )


def test_rows_posted_twice_count_once():
    summary, _ = _merged_rows({"1": _stored()}, {"1": _stored()}, [_row("1"), _row("1")])
    assert summary == [("1", "byline", "", False, True)]


TAGS = merge.RowShape(
    model=TaggedArticle, fields={"tag": forms.CharField()}, fk="content_object", label="Topics"
)


def _tag(pk, tag, deleted=False, initial=True):
    inputs = {"id": [pk], "content_object": ["1"], "tag": [tag]}
    if deleted:
        inputs["DELETE"] = ["on"]
    return merge.Posted(inputs, initial)


def test_taggings_are_a_set_additions_united_removals_honoured():
    assert TAGS.is_set
    assert not CREDITS.is_set
    base = {"1": {"tag": ["a"]}, "2": {"tag": ["b"]}, "3": {"tag": ["c"]}}
    # They dropped a, added d and e; I dropped b, turned c into f, and added e and g.
    theirs = {"2": {"tag": ["b"]}, "3": {"tag": ["c"]}, "4": {"tag": ["d"]}, "5": {"tag": ["e"]}}
    mine = [
        _tag("1", "a"),
        _tag("2", "b", deleted=True),
        _tag("3", "f"),
        _tag("", "e", initial=False),
        _tag("", "g", initial=False),
    ]

    result = merge.merge_rows(TAGS, base, theirs, mine, parent="1")

    kept = {form.value("tag") for form in result.forms if not form.deleted}
    assert kept == {"d", "e", "f", "g"}
    assert [(form.value("id"), form.deleted) for form in result.forms if form.initial] == [
        ("2", True),
        ("3", True),
        ("4", False),
        ("5", False),
    ]
    assert result.choices == []


def test_swapping_two_taggings_is_no_change():
    base = {"1": {"tag": ["a"]}, "2": {"tag": ["b"]}}
    mine = [_tag("1", "b"), _tag("2", "a")]

    result = merge.merge_rows(TAGS, base, dict(base), mine, parent="1")

    assert {form.value("tag") for form in result.forms if not form.deleted} == {"a", "b"}


def test_chosen_names_only_the_ticked_boxes():
    data = _q({"_theirs_headline": "1", "_theirs_dek": "", "_theirs_body": "false", "x": "1"})
    assert merge.chosen(data) == ["headline"]


HEADLINE = merge.Shape({"headline": forms.CharField()})


def test_taking_theirs_puts_the_shown_version_in_place_of_mine_and_ignores_the_rest():
    shown = merge.Side(
        fields={"headline": {"headline": ["Theirs"]}},
        rows={"credits": {"7": _stored(role="editing", place="Rome")}},
    )
    data = _q(
        {
            "headline": "Mine",
            "credits-TOTAL_FORMS": "3",
            "credits-INITIAL_FORMS": "2",
            "credits-0-id": "7",
            "credits-0-role": "writing",
            "credits-0-place": "Oslo",
            "credits-1-id": "7",
            "credits-1-role": "writing",
            "credits-1-DELETE": "on",
            "credits-2-role": "other",
        }
    )
    names = ["headline", "credits-0-role", "credits-1", "credits-2", "credits-9", "nothing"]
    names += ["credits-x", "credits-0-nothing", "expected_version"]

    taken = merge.take_theirs(
        data | _q({"_theirs_headline": "1"}), names, shown, HEADLINE, {"credits": CREDITS}
    )

    assert taken["headline"] == "Theirs"
    assert (taken["credits-0-role"], taken["credits-0-place"]) == ("editing", "Oslo")
    assert (taken["credits-1-role"], "credits-1-DELETE" in taken) == ("editing", False)
    assert taken["credits-2-DELETE"] == "on"  # a new row: theirs has none
    assert "_theirs_headline" not in taken
    assert set(taken) == set(data) - {"credits-1-DELETE"} | {"credits-1-place", "credits-2-DELETE"}


def test_merging_a_post_leaves_a_tampered_formset_as_it_came():
    base = merge.Side({"headline": {"headline": ["Old"]}}, {"credits": {"1": _stored()}})
    theirs = merge.Side({"headline": {"headline": ["New"]}}, {"credits": {}})
    data = _q({"headline": "Old", "credits-TOTAL_FORMS": "many", "credits-0-id": "1"})

    merged = merge.merge_post(data, base, theirs, HEADLINE, {"credits": CREDITS}, parent="1")

    assert merged.data["headline"] == "New"
    assert merged.taken == ["Headline"]
    assert (merged.data["credits-TOTAL_FORMS"], merged.data["credits-0-id"]) == ("many", "1")
    assert data["headline"] == "Old"  # the POST itself is left alone
