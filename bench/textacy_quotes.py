"""textacy's direct-quote speakers beside ours, on the same gold stories (issue 16's baseline):

    .venv/bin/python bench/textacy_quotes.py [--part held_out] [--model en_core_web_sm]

Optional: neither spaCy nor textacy is a dependency of the project, and spaCy's English models
are published on spaCy's own release pages, not on PyPI, so install them yourself from a source
you trust (`pip install spacy textacy` and the model's wheel). Without them the script says so
in one line and exits 1.

textacy's `extract.triples.direct_quotations` finds direct quotes only (no claims), so only
the quote figures are compared. Each of its triples becomes a suggestion in the paragraph where
its quote starts, the speaker as textacy prints it (the tokens joined), and is scored with the
corpus's own `score()`: the same one-to-one matching by paragraph, speaker name and text overlap
that `make eval` applies to ours. Only the totals are printed, so held-out misses stay unread.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def suggestions_from_triples(body: str, triples) -> list:
    """textacy's (speaker tokens, cue tokens, content span) triples as the corpus's suggestions."""
    from sources.extraction import DIRECT_QUOTE, Suggestion

    found = []
    for speaker, cue, content in triples:
        found.append(
            Suggestion(
                paragraph=body[: content.start_char].count("\n\n"),
                kind=DIRECT_QUOTE,
                text=content.text.strip(" \"“”‘’'"),
                verb=" ".join(token.text for token in cue),
                speaker=" ".join(token.text for token in speaker),
                speaker_kind="person",
                reason="textacy direct_quotations",
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", action="append", choices=("dev", "held_out", "batch3"))
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    parts = tuple(args.part or ["held_out"])
    try:
        import spacy
        from textacy.extract.triples import direct_quotations

        nlp = spacy.load(args.model)
    except (ImportError, OSError) as exc:
        sys.exit(
            f"textacy comparison needs spaCy, textacy and the {args.model} model, not installed "
            f"here ({type(exc).__name__}): see this script's docstring"
        )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from sources.evaluation import Tally, corpus, evaluate, score

    stories = corpus(parts=parts, seed="dev" in parts)
    theirs = Tally()
    for story in stories:
        triples = direct_quotations(nlp(story.body))
        theirs += score(story, suggestions_from_triples(story.body, triples)).tallies["quote"]
    ours = evaluate(stories)[1]["quote"]
    print(f"{len(stories)} stories ({', '.join(parts)}), direct-quote speakers:")
    for name, tally in (("newsroom", ours), (f"textacy ({args.model})", theirs)):
        print(
            f"  {name:<28} precision {tally.precision:.2f}  recall {tally.recall:.2f}  "
            f"({tally.matched}/{tally.predicted}/{tally.gold})"
        )


if __name__ == "__main__":
    main()
