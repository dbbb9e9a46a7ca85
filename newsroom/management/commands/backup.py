from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from images import archive
from images.models import Image
from newsroom.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to FILE: pg_dump's custom format on PostgreSQL, a Django "
        "JSON fixture otherwise, and the photos' originals to FILE.photos.tar. Restore both with "
        "`manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--database", default="default", help="The database alias.")

    def handle(self, *args, file, database, **options):
        try:
            kind = backup(path=file, database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = file.stat().st_size
        self.stdout.write(f"Backed up the {database} database to {file} ({kind}, {size:,} bytes)")
        if database != "default" or not Image.objects.exists():
            return
        photos = archive.archive_path(file)
        try:
            count = archive.write(photos)
        except archive.ArchiveError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"and {count} photo original(s) to {photos}")
