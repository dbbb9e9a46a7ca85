"""
What both importers (wire copy and ninjs) refuse, before anything is parsed or written: a file
that is not a regular one, too big or not UTF-8 text; control characters; and text longer than
the column it is bound for. Each refusal is a WireFormatError whose message says why, which the
import commands print as the file's error.
"""

import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from articles.models import Article, Contributor, Credit, Topic

if TYPE_CHECKING:  # wire.py imports this module
    from articles.wire import ParsedCredit

MAX_WIRE_BYTES = 1_000_000
# A control character (a terminal escape, a bell); tab and line breaks are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class WireFormatError(ValueError):
    """The file, or the copy in it, is not something this importer takes; the message says why."""


# What a path names when it is not a regular file, as the error says it.
_NOT_REGULAR = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# No following a link the file was swapped for after the check, and no blocking on a pipe.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def require_regular_file(mode: int) -> None:
    """WireFormatError naming what `mode` is, unless it is a regular file's."""
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
        raise WireFormatError(f"{kind}, not a regular file")


def read_wire(path: Path) -> str:
    """A wire file's text, or WireFormatError for what is not a regular file (a symbolic link,
    directory, pipe or device), too big or not UTF-8 text; OSError if it cannot be read."""
    # Checked before opening, since opening a pipe or a device can block or act, and again on
    # what was opened, in case the path changed in between.
    require_regular_file(path.lstat().st_mode)
    with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
        require_regular_file(os.fstat(file.fileno()).st_mode)
        return decode_wire(file.read(MAX_WIRE_BYTES + 1))


def decode_wire(data: bytes) -> str:
    """Bytes of wire copy to text, or WireFormatError for what is too big or not UTF-8 text."""
    if len(data) > MAX_WIRE_BYTES:
        raise WireFormatError(f"larger than the {MAX_WIRE_BYTES:,}-byte limit")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WireFormatError("UTF-16 text, not UTF-8: save the file as UTF-8")
    if b"\x00" in data:
        raise WireFormatError("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WireFormatError(f"not UTF-8 text (byte {exc.start})") from None


def refuse_control_characters(item: dict) -> None:
    """Raise WireFormatError for a control character (a terminal escape, a bell; tab and line
    breaks are text) in any key or string of a JSON item, as parse_wire does for wire copy."""
    pending: list[tuple[tuple, object, bool]] = [((), item, False)]
    while pending:
        path, value, is_key = pending.pop()
        if isinstance(value, dict):
            for key, child in reversed(value.items()):
                pending += [((*path, key), child, False), (path, key, True)]
        elif isinstance(value, list):
            pending += [((*path, n), child, False) for n, child in reversed(list(enumerate(value)))]
        elif isinstance(value, str) and (found := CONTROL.search(value)):
            where = "/".join(str(part) for part in path) or "the item"
            raise WireFormatError(
                f"contains control characters (\\u{ord(found[0]):04x} "
                f"{'in a key at' if is_key else 'at'} {where}): not plain text"
            )


def preview(value: str, size: int = 40) -> str:
    """The start of a value, on one line, as an error quotes it."""
    text = " ".join(value.split())
    return text if len(text) <= size else text[:size] + "…"


def refuse_what_does_not_fit(
    *,
    article: dict,
    credits: Sequence["ParsedCredit"] = (),
    topics: Sequence[str] = (),
    extra: Sequence[tuple[str, str, type, str]] = (),
) -> None:
    """Raise WireFormatError naming the first imported text longer than its column holds.

    Checked before anything is written, by both importers: SQLite would store the whole value
    and PostgreSQL refuse it mid-import (DataError). A name, headline or dateline cut short
    would be a different one, so it is refused, not shortened; slugs, derived from the
    headline, are shortened where they are made (`unique_slug`). `article` holds Article
    fields by name; `extra` holds (what, value, model, field) checks other apps add.
    """
    checks = [
        (f"the {Article._meta.get_field(name).verbose_name}", value, Article, name)
        for name, value in article.items()
        if isinstance(value, str)
    ]
    for credit in credits:
        whose = "the byline" if credit.role == Credit.Role.BYLINE else "the credit"
        checks += [
            (f"{whose} name", credit.name, Contributor, "name"),
            (f"{whose} place", credit.place, Credit, "place"),
            (f"{whose} role", credit.role_label, Credit, "role_label"),
        ]
    checks += [("the subject name", name, Topic, "name") for name in topics]
    checks += list(extra)
    for what, value, model, name in checks:
        limit = model._meta.get_field(name).max_length
        if limit is not None and len(value) > limit:
            raise WireFormatError(
                f'{what} "{preview(value)}" is {len(value):,} characters; at most {limit:,} fit'
            )
