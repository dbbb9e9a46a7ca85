"""
What a word is to the extraction rules: bare of punctuation, capitalised, an acronym, a
possessive, an abbreviation, or a verb that makes words a clause; and the normalised form in
which names are compared.
"""

import re
import unicodedata
from functools import lru_cache

from sources.extraction.lexicon import ABBREVIATIONS, FINITE


def normalize_name(name: str) -> str:
    """A name for comparing: case, typographic quotes, leading articles, parentheses ignored."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\([^)]*\)", " ", text).lower()
    text = re.sub(r"[^\w'&\s-]", " ", text)
    text = re.sub(r"^\s*(?:a|an|the)\s+", "", text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def bare_word(token: str) -> str:
    """A token without surrounding punctuation or a possessive, lower case."""
    token = token.strip(",;:()“”\"‘'").lower()
    return re.sub(r"[’']s$", "", token)


def is_cap(token: str) -> bool:
    token = token.strip('(“"‘')
    return bool(token) and token[0].isupper() and any(ch.isalpha() for ch in token)


def is_acronym(token: str) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and "." not in token


def is_possessive(token: str) -> bool:
    """ "Denver's", and plural "Conservatives’"."""
    return bool(re.search(r"(?:[’']s|s[’'])$", token))


def is_abbreviation(token: str) -> bool:
    """ "U.S.", "Gov.", "J." (not "Finance." at the end of a sentence)."""
    word = token.rstrip(".").lower()
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)) or word in ABBREVIATIONS


def has_verb(text: str) -> bool:
    """Whether words look like a clause: a finite or past-tense verb among the first few."""
    words = [bare_word(word) for word in text.split()]
    return any(w in FINITE or (len(w) > 4 and w.endswith("ed")) for w in words)
