from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from images import archive
from newsroom.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (pg_restore on "
        "PostgreSQL, loaddata otherwise). A database with content is refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already has content.",
        )
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, file, force, database, **options):
        try:
            how = restore(path=file, force=force, database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {file} into the {database} database ({how})")
        photos = archive.archive_path(file)
        if database != "default" or not photos.is_file():
            return
        try:
            count = archive.read(photos)
        except archive.ArchiveError as exc:
            raise CommandError(str(exc)) from None
        rebuilt, problems = archive.rebuild_missing()
        self.stdout.write(
            f"and {count} photo original(s) from {photos}; renditions made for {rebuilt}"
        )
        if problems:
            raise CommandError("; ".join(problems))
