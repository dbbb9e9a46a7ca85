from django.core.management.base import BaseCommand

from sources.evaluation import CATEGORIES, HELD_OUT_TARGETS, PARTS, TARGETS, corpus, evaluate
from sources.evaluation_report import (
    extraction_ms,
    long_body,
    misses_by_cause,
    recall_by_tag,
    summarise,
)

SPEED_TARGET_MS = 50


def _cell(tally) -> str:
    counts = f"{tally.matched:>3}/{tally.predicted:<3}/{tally.gold:<3}"
    return f"{tally.precision:5.2f} {tally.recall:5.2f} {counts}"


class Command(BaseCommand):
    help = (
        "Measure attribution extraction on the gold corpus (sources/eval/ and the seed story): "
        "precision and recall for direct-quote speakers and for attributed claims, per story, "
        "per part of the split (dev, held-out, batch3) and per house style, scare quotes and "
        "titles wrongly credited, and the time to read a 1,500-word story."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose", action="store_true", help="List what was missed and what was extra."
        )
        parser.add_argument(
            "--part",
            action="append",
            choices=PARTS,
            help="Only the stories of this part (repeat for several); all parts by default.",
        )

    def handle(self, *args, verbose=False, part=None, **options):
        stories = corpus(parts=tuple(part or PARTS))
        results, totals = evaluate(stories)
        header = f"{'story':<40}" + "".join(
            f" | {name + 's':<6} P     R     ok/sug/gold" for name in CATEGORIES
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for result in results:
            row = f"{result.name[:40]:<40}" + "".join(
                f" | {'':<6}{_cell(result.tallies[name])}" for name in CATEGORIES
            )
            if result.violations:
                row += f" | {len(result.violations)} scare/title credited"
            self.stdout.write(row)
            if verbose:
                self._details(result)
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{'total':<40}" + "".join(f" | {'':<6}{_cell(totals[name])}" for name in CATEGORIES)
        )
        for name in CATEGORIES:
            tally, target = totals[name], TARGETS[name]
            met = tally.precision >= target and tally.recall >= target
            line = (
                f"{name + 's':<7} precision {tally.precision:.3f}  recall {tally.recall:.3f}  "
                f"target {target:.2f}: {'met' if met else 'NOT MET'}"
            )
            self.stdout.write(self.style.SUCCESS(line) if met else self.style.ERROR(line))
        self._groups(results, stories, header)
        self._targets(summarise(results, stories, "part"))
        self._misses(results)
        self._speed()

    def _details(self, result):
        for gold in result.missed:
            self.stdout.write(
                f"    missed  ¶{gold.paragraph} {gold.kind} {gold.speaker}: {gold.text[:70]}"
            )
        for suggestion in result.spurious:
            flag = "SCARE  " if suggestion in result.violations else "extra  "
            self.stdout.write(
                f"    {flag} ¶{suggestion.paragraph} {suggestion.kind} "
                f"{suggestion.speaker}: {suggestion.text[:70]}"
            )

    def _groups(self, results, stories, header):
        for key in ("part", "style"):
            self.stdout.write("")
            self.stdout.write(
                f"{'by ' + key:<40}"
                + "".join(f" | {name + 's':<6} P     R     ok/sug/gold" for name in CATEGORIES)
                + " | scare/title credited"
            )
            self.stdout.write("-" * (len(header) + 24))
            for value, summary in summarise(results, stories, key).items():
                label = f"{value} ({summary.stories} stories)"
                self.stdout.write(
                    f"{label:<40}"
                    + "".join(f" | {'':<6}{_cell(summary.tallies[name])}" for name in CATEGORIES)
                    + f" | {summary.violations} of {summary.not_attributions}"
                )

    def _targets(self, parts):
        self.stdout.write("")
        for part in ("held_out", "batch3"):
            summary = parts.get(part)
            if summary is None:
                continue
            checks = []
            for name in CATEGORIES:
                tally, (precision, recall) = summary.tallies[name], HELD_OUT_TARGETS[name]
                checks.append(tally.precision >= precision and tally.recall >= recall)
            checks.append(summary.violations == 0)
            quotes, claims = summary.tallies["quote"], summary.tallies["claim"]
            line = (
                f"issue 16 targets on {part}: quotes precision {quotes.precision:.3f} recall "
                f"{quotes.recall:.3f} (0.90/0.90), claims recall {claims.recall:.3f} (0.75), "
                f"{summary.violations} scare/title credited (0): "
                f"{'met' if all(checks) else 'NOT MET'}"
            )
            self.stdout.write(self.style.SUCCESS(line) if all(checks) else self.style.ERROR(line))

    def _misses(self, results):
        held_out = [result for result in results if result.part == "held_out"]
        if not held_out:
            return
        self.stdout.write("")
        self.stdout.write("held-out misses by cause:")
        for name, causes in misses_by_cause(held_out).items():
            counts = ", ".join(f"{cause} {count}" for cause, count in causes.most_common())
            self.stdout.write(f"  {name + 's':<8} {counts or 'none'}")
        self.stdout.write("held-out gold by hard case (missed of total, most missed first):")
        misses = sorted(recall_by_tag(held_out).items(), key=lambda item: (-item[1][0], item[0]))
        for tag, (missed, total) in misses:
            self.stdout.write(f"  {tag:<20} {missed:>3} of {total:<3}")

    def _speed(self):
        body = long_body(corpus(parts=("dev",)))
        ms = extraction_ms(body)
        line = (
            f"extraction of a {len(body.split()):,}-word story: median {ms:.1f} ms "
            f"(target {SPEED_TARGET_MS} ms)"
        )
        self.stdout.write(
            self.style.SUCCESS(line) if ms < SPEED_TARGET_MS else self.style.ERROR(line)
        )
