from django.core.management.base import BaseCommand, CommandError

from images.archive import rebuild_missing


class Command(BaseCommand):
    help = (
        "Make again every photo rendition whose file is missing (after a restore, or a lost "
        "disk), from the originals; --all remakes every rendition (after changing the widths "
        "or formats)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Remake every rendition.")

    def handle(self, *args, **options):
        rebuilt, problems = rebuild_missing(everything=options["all"])
        self.stdout.write(f"Rebuilt the renditions of {rebuilt} photo(s)")
        if problems:
            raise CommandError("; ".join(problems))
