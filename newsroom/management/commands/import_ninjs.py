from pathlib import Path

from articles.ingest import import_ninjs
from articles.ninjs.parse import read_ninjs
from newsroom.management.commands import import_wire


class Command(import_wire.Command):
    help = (
        "Import ninjs 2.x text items (JSON files) as drafts, validated against the ninjs 2.2 "
        "schema. Each item is imported whole or not at all; an item already imported (same "
        "uri) is skipped."
    )
    same = "uri"

    def load(self, path: Path):
        return import_ninjs(item=read_ninjs(path))
