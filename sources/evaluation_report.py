"""
What `make eval` reports beyond precision and recall (sources/evaluation.py scores): totals per
part of the split and per house style, misses by hard case and by cause, and how long the
extractor takes on a story of about 1,500 words.
"""

import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from sources.evaluation import (
    CATEGORIES,
    PARTS,
    STYLES,
    GoldAttribution,
    GoldStory,
    StoryResult,
    Tally,
    category,
    overlap,
)
from sources.extraction import extract_attributions, normalize_name
from sources.extraction.mentions import clear_caches


@dataclass
class Summary:
    """The totals of a group of stories: tallies per category, violations, scare quotes."""

    stories: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {n: Tally() for n in CATEGORIES})
    violations: int = 0
    not_attributions: int = 0


def summarise(results: list[StoryResult], stories: list[GoldStory], key: str) -> dict[str, Summary]:
    """Totals per value of a story attribute (`part` or `style`), in PARTS or STYLES order."""
    by_name = {story.name: story for story in stories}
    groups: dict[str, Summary] = {}
    for result in results:
        summary = groups.setdefault(getattr(result, key), Summary())
        summary.stories += 1
        summary.violations += len(result.violations)
        summary.not_attributions += len(by_name[result.name].not_attributions)
        for name in CATEGORIES:
            summary.tallies[name] += result.tallies[name]
    order = {name: index for index, name in enumerate(PARTS + STYLES)}
    return dict(sorted(groups.items(), key=lambda item: order.get(item[0], len(order))))


def recall_by_tag(results: list[StoryResult]) -> dict[str, tuple[int, int]]:
    """For each hard-case tag: (gold entries with it that were missed, gold entries with it)."""
    counts: dict[str, list[int]] = {}
    for result in results:
        for gold, missed in [(g, 0) for g in result.matched] + [(g, 1) for g in result.missed]:
            for tag in gold.tags:
                count = counts.setdefault(tag, [0, 0])
                count[0] += missed
                count[1] += 1
    return {tag: (missed, total) for tag, (missed, total) in sorted(counts.items())}


_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor",
    "sen", "rep", "gov", "cllr", "judge", "justice", "chief", "coach",
}  # fmt: skip


def _name_words(name: str) -> list[str]:
    words = normalize_name(name).replace(".", "").split()
    while len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    return words


def part_of_name(mention: str, name: str) -> bool:
    """Whether a mention is a shortened form of a name ("Mr Rourke", "Hwang" for "Hwang
    In-beom"): its words, honorifics dropped, a run of the name's words."""
    short, full = _name_words(mention), _name_words(name)
    return 0 < len(short) < len(full) and any(
        full[start : start + len(short)] == short for start in range(len(full))
    )


def why_missed(result: StoryResult, gold: GoldAttribution) -> str:
    """What became of a missed gold attribution: `not found` (nothing suggested for that text),
    `partial name` (the right person, named only in part: a resolution miss) or `wrong
    speaker` (the text was found and given to someone else)."""
    rivals = [
        suggestion
        for suggestion in result.spurious
        if category(suggestion.kind) == gold.category
        and suggestion.paragraph == gold.paragraph
        and overlap(gold.text, suggestion.text) >= 0.5
    ]
    if not rivals:
        return "not found"
    if any(part_of_name(s.speaker, name) for s in rivals for name in {gold.speaker}):
        return "partial name"
    return "wrong speaker"


def misses_by_cause(results: list[StoryResult]) -> dict[str, Counter]:
    """Per category, how many gold attributions were missed for each cause (see why_missed)."""
    causes: dict[str, Counter] = {name: Counter() for name in CATEGORIES}
    for result in results:
        for gold in result.missed:
            causes[gold.category][why_missed(result, gold)] += 1
    return causes


def long_body(stories: list[GoldStory], words: int = 1500) -> str:
    """A body of about `words` words: whole paragraphs of the stories, in order."""
    paragraphs, count = [], 0
    for story in stories:
        for paragraph in story.paragraphs:
            if count >= words:
                return "\n\n".join(paragraphs)
            paragraphs.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def extraction_ms(body: str, runs: int = 15) -> float:
    """The median time in milliseconds to extract the attributions of one body."""
    extract_attributions(body)  # the first run pays for imports and compiled patterns
    times = []
    for _ in range(runs):
        clear_caches()  # each run reads the story cold, as a new story would be read
        start = time.perf_counter()
        extract_attributions(body)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
