"""The gold corpus itself (sources/eval/): annotations that point at real text, the split kept as
recorded, the sizes issue 16 asks for; and how the scorer treats parts and scare quotes."""

import json
import re
from datetime import date

import pytest

from articles.wire import parse_wire
from sources.evaluation import (
    NOT_ATTRIBUTION_KINDS,
    PARTS,
    STORIES_DIR,
    STYLES,
    TAGS,
    GoldAttribution,
    GoldStory,
    NotAttribution,
    corpus,
    overlap,
    score,
)
from sources.evaluation_report import part_of_name, summarise, why_missed
from sources.extraction import DIRECT_QUOTE, Suggestion

KINDS = {DIRECT_QUOTE, "paraphrase", "statement", "document"}
WRITTEN = {"before the rules", "issue 16"}
OPENING = '“‘"'
CLOSING = '”’"'
BATCH3 = range(36, 44)
# Written for issue 16 after batch3 was set aside, all for development (README, the split rule):
# 44–51 at stop 23, 52–57 in its second round.
LATE_DEV = range(44, 58)


def _number(path) -> int:
    return int(path.stem.split("-", 1)[0])


def recorded_part(number: int, written: str) -> str:
    """The part the README's split rule gives a story."""
    if written == "before the rules":
        return "dev"
    if number in BATCH3:
        return "batch3"
    if number in LATE_DEV:
        return "dev"
    return "held_out" if number % 3 == 0 else "dev"


def annotation_problems(name: str, paragraphs: list[str], data: dict) -> list[str]:
    """What is wrong with one story's annotations, as messages; none for a sound story."""
    problems = []
    entries = data.get("attributions", [])
    for index, entry in enumerate(entries):
        where = f"{name} attribution {index}"
        paragraph = entry.get("paragraph")
        if not isinstance(paragraph, int) or not 0 <= paragraph < len(paragraphs):
            problems.append(f"{where}: no paragraph {paragraph}")
            continue
        block, text = paragraphs[paragraph], entry.get("text", "")
        if entry.get("kind") not in KINDS:
            problems.append(f"{where}: kind {entry.get('kind')!r}")
        if not entry.get("speaker", "").strip():
            problems.append(f"{where}: no speaker")
        if not text.strip() or text not in block:
            problems.append(f"{where}: text not in ¶{paragraph}: {text[:50]!r}")
            continue
        if unknown := set(entry.get("tags", [])) - set(TAGS):
            problems.append(f"{where}: unknown tags {sorted(unknown)}")
        if entry["kind"] == DIRECT_QUOTE:
            at = block.find(text)
            rest = block[at + len(text) :]
            if at == 0 or block[at - 1] not in OPENING:
                problems.append(f"{where}: a direct quote must start after a quote mark")
            if rest and not re.match(r"^[,.?!]?[”’\"]", rest):
                problems.append(f"{where}: a direct quote must run to a closing mark or ¶ end")
    keys = [(e.get("paragraph"), e.get("kind"), e.get("text")) for e in entries]
    if len(keys) != len(set(keys)):
        problems.append(f"{name}: an attribution is annotated twice")
    for index, entry in enumerate(data.get("not_attributions", [])):
        where = f"{name} not_attribution {index}"
        paragraph, text = entry.get("paragraph"), entry.get("text", "")
        if entry.get("kind") not in NOT_ATTRIBUTION_KINDS:
            problems.append(f"{where}: kind {entry.get('kind')!r}")
        if not isinstance(paragraph, int) or not 0 <= paragraph < len(paragraphs):
            problems.append(f"{where}: no paragraph {paragraph}")
            continue
        block = paragraphs[paragraph]
        marked = re.search(f"[{OPENING}]{re.escape(text)}[,.?!]?[{CLOSING}]", block)
        if not text or not marked:
            problems.append(f"{where}: {text!r} is not in quotation marks in ¶{paragraph}")
        for gold in entries:
            if gold.get("paragraph") != paragraph:
                continue
            if gold.get("text") == text or (
                gold.get("kind") == DIRECT_QUOTE and overlap(gold.get("text", ""), text) >= 0.5
            ):
                problems.append(f"{where}: {text!r} is also annotated as an attribution")
    return problems


def split_problems(name: str, number: int, data: dict) -> list[str]:
    problems = []
    if data.get("style") not in STYLES:
        problems.append(f"{name}: style {data.get('style')!r}")
    if data.get("written") not in WRITTEN:
        problems.append(f"{name}: written {data.get('written')!r}")
    if data.get("part") not in PARTS:
        problems.append(f"{name}: part {data.get('part')!r}")
    try:
        date.fromisoformat(data.get("assigned", ""))
    except (TypeError, ValueError):
        problems.append(f"{name}: no date the part was assigned")
    expected = recorded_part(number, data.get("written", ""))
    # A held-out story tuned on moves to dev, and says when and why (README).
    moved = data.get("part") == "dev" and data.get("moved_to_dev")
    if data.get("part") != expected and not moved:
        problems.append(f"{name}: part {data.get('part')!r}, the split rule says {expected!r}")
    return problems


def _stories():
    for path in sorted(STORIES_DIR.glob("*.txt")):
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        yield path, parse_wire(path.read_text(encoding="utf-8")), data


def test_every_story_has_its_annotations_and_every_annotation_its_story():
    assert {p.stem for p in STORIES_DIR.glob("*.txt")} == {
        p.stem for p in STORIES_DIR.glob("*.json")
    }


def test_every_story_parses_as_wire_copy_without_warnings():
    for path, story, _ in _stories():
        assert story.warnings == [], path.name


def test_every_annotation_quotes_its_paragraph_verbatim_and_no_scare_quote_is_credited():
    problems = []
    for path, story, data in _stories():
        problems += annotation_problems(path.stem, story.blocks, data)
    assert problems == []


def test_every_story_has_a_style_and_the_part_the_recorded_split_rule_gives_it():
    problems = []
    for path, _, data in _stories():
        problems += split_problems(path.stem, _number(path), data)
    assert problems == []


def test_the_corpus_has_the_size_and_spread_issue_16_asks_for():
    stories = corpus(seed=False)
    quotes = [a for s in stories for a in s.attributions if a.kind == DIRECT_QUOTE]
    held_out = [s for s in stories if s.part == "held_out"]

    assert len(stories) >= 40
    assert len(quotes) >= 400
    assert len({s.style for s in stories}) >= 6
    assert len({s.style for s in held_out}) >= 6
    assert {s.part for s in stories} == set(PARTS)
    assert sum(len(s.not_attributions) for s in held_out) >= 5


def test_every_hard_case_of_issue_16_is_in_the_held_out_part():
    tags = {tag for s in corpus(parts=("held_out",)) for a in s.attributions for tag in a.tags}

    assert set(TAGS) - tags == set()
    assert {"single-quotes", "straight-quotes", "particle", "diacritics"} <= tags


# --- The checks catch a broken story ---------------------------------------------------------


PARAGRAPHS = ["“We will appeal,” Ms Okafor said of the council’s “bin tax”."]


def test_a_text_that_is_not_in_its_paragraph_is_reported():
    data = {
        "attributions": [
            {"paragraph": 0, "kind": DIRECT_QUOTE, "speaker": "Ada Okafor", "text": "We appeal"},
            {"paragraph": 3, "kind": DIRECT_QUOTE, "speaker": "Ada Okafor", "text": "We"},
        ]
    }

    assert len(annotation_problems("x", PARAGRAPHS, data)) == 2


def test_a_scare_quote_annotated_as_a_quote_is_reported():
    data = {
        "attributions": [
            {"paragraph": 0, "kind": DIRECT_QUOTE, "speaker": "Ada Okafor", "text": "bin tax"}
        ],
        "not_attributions": [{"paragraph": 0, "kind": "scare_quote", "text": "bin tax"}],
    }

    assert annotation_problems("x", PARAGRAPHS, data) == [
        "x not_attribution 0: 'bin tax' is also annotated as an attribution"
    ]


def test_a_sound_story_has_no_problems():
    data = {
        "attributions": [
            {
                "paragraph": 0,
                "kind": DIRECT_QUOTE,
                "speaker": "Ada Okafor",
                "text": "We will appeal",
                "tags": ["honorific"],
            }
        ],
        "not_attributions": [{"paragraph": 0, "kind": "scare_quote", "text": "bin tax"}],
    }

    assert annotation_problems("x", PARAGRAPHS, data) == []


@pytest.mark.parametrize(
    ("number", "part", "ok"),
    [
        (12, "held_out", True),
        (13, "dev", True),
        (13, "held_out", False),
        (36, "dev", False),
        (45, "dev", True),
        (45, "held_out", False),
        (54, "dev", True),
        (54, "held_out", False),
        (57, "dev", True),
        (60, "dev", False),
    ],
)
def test_a_story_off_the_recorded_split_is_reported(number, part, ok):
    data = {"style": "ap", "written": "issue 16", "part": part, "assigned": "2026-12-02"}

    assert (split_problems("x", number, data) == []) is ok


# --- Scoring ---------------------------------------------------------------------------------


def _story(part="held_out"):
    gold = GoldAttribution(
        0, DIRECT_QUOTE, "We will appeal", "said", "Ada Okafor", frozenset({"ada okafor"})
    )
    return GoldStory(
        part,
        PARAGRAPHS[0],
        (gold,),
        part=part,
        style="british",
        not_attributions=(NotAttribution(0, "scare_quote", "bin tax"),),
    )


def _suggestion(text, speaker="Ada Okafor"):
    return Suggestion(0, DIRECT_QUOTE, text, "said", speaker, "person")


def test_a_suggestion_on_a_scare_quote_is_a_violation_and_a_false_positive():
    result = score(_story(), [_suggestion("We will appeal"), _suggestion("bin tax")])

    assert result.tallies["quote"].matched == 1
    assert result.tallies["quote"].precision == 0.5
    assert [s.text for s in result.violations] == ["bin tax"]


def test_totals_are_kept_apart_per_part():
    stories = [_story("held_out"), _story("dev")]
    results = [
        score(stories[0], [_suggestion("bin tax")]),
        score(stories[1], [_suggestion("We will appeal")]),
    ]

    parts = summarise(results, stories, "part")

    assert list(parts) == ["dev", "held_out"]
    assert parts["dev"].tallies["quote"].recall == 1.0
    assert parts["held_out"].tallies["quote"].recall == 0.0
    assert parts["held_out"].violations == 1


@pytest.mark.parametrize(
    ("mention", "name", "expected"),
    [
        ("Mr Rourke", "Declan Rourke", True),
        ("Hwang", "Hwang In-beom", True),
        ("de la Fuente", "Marisol de la Fuente", True),
        ("Declan Rourke", "Declan Rourke", False),  # the whole name is a match, not a part
        ("Mr Doyle", "Gráinne Doyle-Hart", False),
        ("Lone Star Grid", "Marisol de la Fuente", False),
    ],
)
def test_a_shortened_name_is_told_from_another_name(mention, name, expected):
    assert part_of_name(mention, name) is expected


def test_a_miss_says_whether_the_text_was_found_and_who_got_it():
    story = _story()
    gold = story.attributions[0]

    assert why_missed(score(story, []), gold) == "not found"
    assert why_missed(score(story, [_suggestion("We will appeal", "Ms Okafor")]), gold) == (
        "partial name"
    )
    assert why_missed(score(story, [_suggestion("We will appeal", "the council")]), gold) == (
        "wrong speaker"
    )
