from django.core.management.base import BaseCommand

from sources.evaluation import CATEGORIES, TARGETS, evaluate


def _cell(tally) -> str:
    counts = f"{tally.matched:>3}/{tally.predicted:<3}/{tally.gold:<3}"
    return f"{tally.precision:5.2f} {tally.recall:5.2f} {counts}"


class Command(BaseCommand):
    help = (
        "Measure attribution extraction on the gold corpus (sources/eval/ and the seed story): "
        "precision and recall for direct-quote speakers and for attributed claims."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose", action="store_true", help="List what was missed and what was extra."
        )

    def handle(self, *args, verbose=False, **options):
        results, totals = evaluate()
        header = f"{'story':<40}" + "".join(
            f" | {name + 's':<6} P     R     ok/sug/gold" for name in CATEGORIES
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for result in results:
            row = f"{result.name[:40]:<40}" + "".join(
                f" | {'':<6}{_cell(result.tallies[name])}" for name in CATEGORIES
            )
            self.stdout.write(row)
            if verbose:
                for gold in result.missed:
                    self.stdout.write(
                        f"    missed  ¶{gold.paragraph} {gold.kind} {gold.speaker}: "
                        f"{gold.text[:70]}"
                    )
                for suggestion in result.spurious:
                    self.stdout.write(
                        f"    extra   ¶{suggestion.paragraph} {suggestion.kind} "
                        f"{suggestion.speaker}: {suggestion.text[:70]}"
                    )
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
