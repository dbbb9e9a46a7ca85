from pathlib import Path

from django.core.management.base import CommandError

from articles.ingest import import_ninjs
from articles.ninjs.parse import read_ninjs
from newsroom.management.commands import import_wire


class Command(import_wire.Command):
    help = (
        "Import ninjs 2.x text items (JSON files) as drafts, validated against the ninjs 2.2 "
        "schema. Each item is imported whole or not at all; an item already imported (same "
        "uri) is skipped. With --media-dir, its associated pictures are imported into the "
        "photo library from the files there (never fetched from the network)."
    )
    same = "uri"
    media_dir: Path | None = None

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--media-dir",
            type=Path,
            metavar="DIR",
            help="The directory holding the items' pictures: each rendition's href is a path "
            "inside it, or, for a web address, the file named by its last part. The "
            '"featureimage" (or the first picture the body does not show) becomes the lead '
            "photo.",
        )

    def handle(self, *args, media_dir=None, **options):
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir}: not a directory")
        self.media_dir = media_dir
        return super().handle(*args, **options)

    def load(self, path: Path):
        return import_ninjs(item=read_ninjs(path), media_dir=self.media_dir)
