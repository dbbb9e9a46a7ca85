from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.ingest import import_wire
from articles.ingest_checks import WireFormatError, read_wire
from sources.suggestions import store_suggestions


class Command(BaseCommand):
    help = (
        "Import plain-text wire stories as drafts. Each file is imported whole or not at all; "
        "a file already imported is skipped."
    )

    # What makes a file the same as one already imported, as the skipped line says it.
    same = "text"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--extract",
            action="store_true",
            help="Also store suggested attributions for each new draft, for an editor to review.",
        )

    def load(self, path: Path):
        """Import one file; the ImportResult, or WireFormatError / OSError."""
        return import_wire(text=read_wire(path))

    def handle(self, *args, files, extract=False, **options):
        failed = 0
        total = len(files)
        for number, path in enumerate(files, start=1):
            prefix = f"[{number}/{total}] {path}" if total > 1 else str(path)
            try:
                result = self.load(path)
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{prefix}: error: cannot read the file ({exc.strerror})")
                continue
            except WireFormatError as exc:
                failed += 1
                self.stderr.write(f"{prefix}: error: {exc}")
                continue
            article = result.article
            if result.created:
                self.stdout.write(
                    f"{prefix}: imported draft {article.slug!r} "
                    f"({len(article.body.split(chr(10) * 2))} blocks, "
                    f"{article.credits.count()} credits)"
                )
                if extract:
                    found = store_suggestions(article=article)
                    self.stdout.write(f"{prefix}: {len(found)} suggested attributions to review")
            else:
                self.stdout.write(
                    f"{prefix}: already imported as {article.slug!r} (same {self.same}), skipped"
                )
            for warning in result.warnings:
                self.stdout.write(f"{prefix}: warning: {warning}")
        if failed:
            raise CommandError(f"{failed} of {total} files could not be imported")
