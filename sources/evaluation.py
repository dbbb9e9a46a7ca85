"""
How well attribution extraction does on a gold corpus: precision and recall for direct quotes
and for attributed claims, per story and in total.

A suggestion matches a gold attribution when it is in the same category (a direct quote, or a
claim: any other kind), in the same paragraph, names the same speaker (by normalised name, or
for the seed by how the paraphrased copy prints a curated source) and its text overlaps the
gold text (at least half the words of the shorter one are shared). Each gold attribution is
matched at most once.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from articles.ingest import parse_wire
from sources.extraction import DIRECT_QUOTE, Suggestion, extract_attributions, normalize_name

EVAL_DIR = Path(__file__).resolve().parent / "eval"
STORIES_DIR = EVAL_DIR / "stories"
SEED_DATA = Path(__file__).resolve().parent.parent / "newsroom" / "data"
SEED_STORY = SEED_DATA / "reuters-2020-02-25-ice-subpoenas.json"
CATEGORIES = ("quote", "claim")
TARGETS = {"quote": 0.95, "claim": 0.85}


@dataclass(frozen=True)
class GoldAttribution:
    paragraph: int
    kind: str
    text: str
    verb: str
    speaker: str
    speaker_names: frozenset[str]

    @property
    def category(self) -> str:
        return category(self.kind)


@dataclass(frozen=True)
class GoldStory:
    name: str
    body: str
    attributions: tuple[GoldAttribution, ...]


@dataclass
class Tally:
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def __iadd__(self, other: "Tally") -> "Tally":
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold
        return self


@dataclass
class StoryResult:
    name: str
    tallies: dict[str, Tally]
    missed: list[GoldAttribution] = field(default_factory=list)
    spurious: list[Suggestion] = field(default_factory=list)


def category(kind: str) -> str:
    return "quote" if kind == DIRECT_QUOTE else "claim"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("’", "'").lower())


def overlap(a: str, b: str) -> float:
    """Shared words over the length of the shorter text (0 to 1)."""
    left, right = Counter(_words(a)), Counter(_words(b))
    shorter = min(sum(left.values()), sum(right.values()))
    return sum((left & right).values()) / shorter if shorter else 0.0


def _gold(entry: dict, names: set[str]) -> GoldAttribution:
    return GoldAttribution(
        paragraph=entry["paragraph"],
        kind=entry["kind"],
        text=entry["text"],
        verb=entry.get("verb", ""),
        speaker=entry["speaker"],
        speaker_names=frozenset(normalize_name(name) for name in names),
    )


def load_story(path: Path) -> GoldStory:
    """A corpus story (`name.txt`) with its gold attributions (`name.json`)."""
    body = parse_wire(path.read_text(encoding="utf-8")).body
    data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    attributions = tuple(
        _gold(entry, {entry["speaker"], *entry.get("speaker_aliases", [])})
        for entry in data["attributions"]
    )
    return GoldStory(path.stem, body, attributions)


def load_seed(data_file: Path = SEED_STORY) -> GoldStory:
    """The seeded Reuters story, its curated attributions as gold (sources by name)."""
    data = json.loads(data_file.read_text(encoding="utf-8"))
    body = parse_wire((data_file.parent / data["wire_file"]).read_text(encoding="utf-8")).body
    printed = json.loads((EVAL_DIR / "seed-printed-as.json").read_text(encoding="utf-8"))
    names = {
        source["slug"]: {source["name"], *printed["printed_as"].get(source["slug"], [])}
        for source in data["sources"]
    }
    attributions = tuple(
        _gold(
            {**entry, "speaker": next(iter(sorted(names[entry["source"]])))},
            names[entry["source"]],
        )
        for entry in data["attributions"]
    )
    return GoldStory("seed-" + data_file.stem, body, attributions)


def corpus() -> list[GoldStory]:
    """Every gold story: the written corpus, then the seed."""
    return [load_story(path) for path in sorted(STORIES_DIR.glob("*.txt"))] + [load_seed()]


def score(story: GoldStory, suggestions: list[Suggestion]) -> StoryResult:
    """Match suggestions to gold attributions, one to one, and count."""
    result = StoryResult(story.name, {name: Tally() for name in CATEGORIES})
    unmatched = list(suggestions)
    for suggestion in suggestions:
        result.tallies[category(suggestion.kind)].predicted += 1
    for gold in story.attributions:
        tally = result.tallies[gold.category]
        tally.gold += 1
        candidates = [
            (overlap(gold.text, suggestion.text), position)
            for position, suggestion in enumerate(unmatched)
            if category(suggestion.kind) == gold.category
            and suggestion.paragraph == gold.paragraph
            and normalize_name(suggestion.speaker) in gold.speaker_names
        ]
        candidates = [item for item in candidates if item[0] >= 0.5]
        if not candidates:
            result.missed.append(gold)
            continue
        _, position = max(candidates)
        unmatched.pop(position)
        tally.matched += 1
    result.spurious = unmatched
    return result


def evaluate(stories: list[GoldStory] | None = None) -> tuple[list[StoryResult], dict[str, Tally]]:
    """Run the extractor over the corpus: per-story results and the totals per category."""
    results = []
    totals = {name: Tally() for name in CATEGORIES}
    for story in corpus() if stories is None else stories:
        result = score(story, extract_attributions(story.body))
        results.append(result)
        for name in CATEGORIES:
            totals[name] += result.tallies[name]
    return results, totals
