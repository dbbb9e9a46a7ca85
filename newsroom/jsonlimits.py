"""
What JSON from outside may hold beyond the grammar, shared by the API's parser and the ninjs
importer: how deeply it nests (decided on the raw text, before anything parses it) and whether
its strings are text a database can store.

Python's json module and everything that walks its result (jsonschema, DRF's serializers,
json.dumps) recurse once per level; far below the depth that makes them raise RecursionError,
no article, source or ninjs item nests (an article needs four levels, a ninjs item five).
"""

import re
from itertools import accumulate

MAX_DEPTH = 32

# A JSON string, escapes included. An unterminated one runs to the end of the text, so the
# pattern always matches where it starts and the scan stays linear on any input.
_STRING = re.compile(r'"[^"\\]*(?:\\.?[^"\\]*)*(?:"|\Z)', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONLimitError(ValueError):
    """JSON this project refuses although it parses; the message says why."""


def nesting_depth(text: str) -> int:
    """How many arrays and objects deep the JSON text nests at most, in one linear pass.

    Brackets inside strings do not count. The text need not be valid JSON: unbalanced
    brackets are for the parser to report.
    """
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets), initial=0))


def check_depth(text: str, *, limit: int = MAX_DEPTH) -> None:
    """Raise JSONLimitError if the JSON text nests deeper than `limit`."""
    depth = nesting_depth(text)
    if depth > limit:
        raise JSONLimitError(f"nested {depth} levels deep; at most {limit} are allowed")


def check_strings(data, *, allow_nul: bool = True) -> None:
    """Raise JSONLimitError if a key or string in parsed JSON is not storable text: half a
    surrogate pair ("\\ud800" escaped in the JSON), or, unless allowed, a NUL character
    (PostgreSQL refuses it; where a serializer reports it by field, allow it here)."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending += value.keys()
            pending += value.values()
        elif isinstance(value, list):
            pending += value
        elif isinstance(value, str):
            if _SURROGATE.search(value):
                raise JSONLimitError(
                    "a string holds an unpaired surrogate (\\ud800-\\udfff), "
                    "which is not valid Unicode"
                )
            if not allow_nul and "\x00" in value:
                raise JSONLimitError(
                    "a string holds a NUL character (\\u0000), which text may not contain"
                )
