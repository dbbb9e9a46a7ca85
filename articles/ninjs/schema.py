"""The ninjs 2.2 JSON Schema: the copy in `articles/data/ninjs-schema_2.2.json` (from
NINJS_SCHEMA_URI), which the export names and keeps to and the importer validates items against.
jsonschema is imported by the first validation, not with the module: the export (loaded by every
API read and delivery) only names the schema."""

import json
from functools import cache
from pathlib import Path

NINJS_SCHEMA_URI = "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
NINJS_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "ninjs-schema_2.2.json"


@cache
def validator():
    """A validator for the schema, read and checked once per process."""
    import jsonschema

    schema = json.loads(NINJS_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)
