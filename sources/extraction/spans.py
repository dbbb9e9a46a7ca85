"""
Quote spans: a body's blocks (paragraphs and subheads), the quoted spans of a block in double
curly, single curly (British style: ‘…’, where ’ is also the apostrophe) or straight marks, the
block with its quoted words masked so rules never fire inside a quote, and its sentences (a
quote is never split, an abbreviation never ends one).
"""

import re

from sources.extraction.lexicon import ABBREVIATIONS
from sources.extraction.verbs import SPEECH_VERBS

# Each convention's opening mark and the mark that closes it.
OPEN_QUOTES = '“"‘'
CLOSE_FOR = {"“": "”", '"': '"', "‘": "’"}

# ‘ opens a quote only at the start of a word (not in "rock ‘n’ roll" mid-word).
_OPENS_WORD = re.compile(r"(?:^|(?<=[\s(\[“—–-]))‘(?=\S)")
# ’ closes a single quote only where a word ends: not inside "don’t", "O’Rourke".
_ENDS_WORD = re.compile(r"(?<=\S)’(?!\w)")


class Quote:
    """A quoted span of a block."""

    __slots__ = ("closed", "end", "start")

    def __init__(self, start: int, end: int, closed: bool):
        self.start = start  # the opening mark
        self.end = end  # just past the closing mark, or the end of the paragraph
        self.closed = closed

    @property
    def inner(self) -> tuple[int, int]:
        """The span between the marks."""
        return self.start + 1, self.end - 1 if self.closed else self.end


def find_quotes(text: str) -> list[Quote]:
    """Quoted spans, curly or straight; an unclosed one runs to the end of the paragraph."""
    spans, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "‘" and not _OPENS_WORD.match(text, index):
            index += 1
        elif char in OPEN_QUOTES:
            close = (
                _closing_single(text, index)
                if char == "‘"
                else text.find(CLOSE_FOR[char], index + 1)
            )
            if close == -1:
                spans.append(Quote(index, len(text), closed=False))
                break
            spans.append(Quote(index, close + 1, closed=True))
            index = close + 1
        else:
            index += 1
    return spans


def _closing_single(text: str, opening: int) -> int:
    """Where a ‘ quote closes: the first ’ ending a word that is not a plural possessive
    ("Residents’ association", "two weeks’ notice": an s, then a space and a word), else the
    first ’ ending a word at all; -1 when none does."""
    first = -1
    for match in _ENDS_WORD.finditer(text, opening + 2):
        at = match.start()
        if first == -1:
            first = at
        possessive = text[at - 1] in "sS" and re.match(r"’ +[\w(]", text[at:])
        if not possessive:
            return at
    return first


def mask(text: str, quotes: list[Quote]) -> str:
    """The paragraph with every quoted word blanked to x, so rules never fire inside quotes."""
    chars = list(text)
    for quote in quotes:
        start, end = quote.inner
        for position in range(start, end):
            if not chars[position].isspace():
                chars[position] = "x"
    return "".join(chars)


def sentences(text: str, masked: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; a quote is never split, abbreviations never end one."""
    view = list(masked)
    for quote in quotes:
        start, end = quote.inner
        inner = text[start:end].rstrip()
        if quote.closed and inner.endswith((".", "!", "?")):
            view[quote.end - 2] = "."
    view_text = "".join(view)
    asks = {quote.end for quote in quotes if _asked_after(text, masked, quote)}
    spans, start = [], 0
    for match in re.finditer(r"[.!?]+[”\"’]?(?=\s+(\S)|\s*$)", view_text):
        after = match.group(1)
        if match.end() in asks:
            continue  # "“Did he ever explain?” Baptiste asked.": one sentence
        if after and not (after.isupper() or after.isdigit() or after in '“"‘('):
            continue  # a capital opens the next sentence, accented ones ("Žganjar") too
        word = re.search(r"([\w.]+)\.[”\"’]?$", view_text[: match.end()])
        if word and match.group().startswith("."):
            token = word.group(1).lower()
            if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _asked_after(text: str, masked: str, quote: Quote) -> bool:
    """A question or exclamation quoted, then its speaker and verb: "“Why?” Baptiste asked.",
    "“No!” shouted the mayor." (at most five words before the verb, nothing quoted)."""
    start, end = quote.inner
    if not (quote.closed and text[start:end].rstrip().endswith(("?", "!"))):
        return False
    clause = re.match(r"\s+([^.!?;:“”\"‘’]{0,80}?)(?=[.,!?;]|$)", masked[quote.end :])
    if clause is None:
        return False
    words = clause.group(1).split()[:6]
    return any(word in SPEECH_VERBS for word in words)


def quote_text(block: str, quote: Quote) -> str:
    """The words a quote holds, without its marks or a trailing comma."""
    start, end = quote.inner
    return block[start:end].strip().rstrip(",").rstrip()


def blocks(body: str) -> list[str]:
    """The body's blocks (paragraphs and subheads), in order; their indexes are paragraphs."""
    return [block.strip() for block in re.split(r"\n\s*\n", body.strip()) if block.strip()]
