"""bench/textacy_quotes.py: textacy's direct-quote triples scored as the corpus scores ours, and
one readable line where spaCy or its model is missing (neither is a dependency)."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.textacy_quotes import suggestions_from_triples
from sources.evaluation import GoldStory, _gold, score

ROOT = Path(__file__).resolve().parent.parent


def _tokens(*words):
    return [SimpleNamespace(text=word) for word in words]


def test_a_triple_becomes_a_suggestion_in_the_paragraph_its_quote_starts():
    body = "The council met on Monday.\n\n“We will rebuild the pier,” said Ana Ruiz-Vega."
    start = body.index("“")
    content = SimpleNamespace(text="“We will rebuild the pier,”", start_char=start)

    (found,) = suggestions_from_triples(
        body, [(_tokens("Ana", "Ruiz-Vega"), _tokens("said"), content)]
    )

    assert (found.paragraph, found.kind, found.speaker, found.verb) == (
        1,
        "direct_quote",
        "Ana Ruiz-Vega",
        "said",
    )
    assert found.text == "We will rebuild the pier,"
    gold = _gold(
        {
            "paragraph": 1,
            "kind": "direct_quote",
            "text": "We will rebuild the pier,",
            "speaker": "Ana Ruiz-Vega",
        },
        {"Ana Ruiz-Vega"},
    )
    tally = score(GoldStory("s", body, (gold,)), [found]).tallies["quote"]
    assert (tally.matched, tally.predicted, tally.gold) == (1, 1, 1)


@pytest.mark.skipif(importlib.util.find_spec("spacy") is not None, reason="spaCy is installed")
def test_without_spacy_the_script_says_so_in_one_line():
    result = subprocess.run(
        [sys.executable, "bench/textacy_quotes.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "textacy comparison needs spaCy" in result.stderr
