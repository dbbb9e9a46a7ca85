"""
Who said what: attribution suggestions from an article body, by explainable rules.

`extract_attributions(body)` reads the Markdown body block by block (a block is a paragraph;
subheads count) and suggests, for each direct quote and each attributed claim, who said it, the
verb as printed and the rule that fired. It is pure Python and touches no database: existing
sources come in as `known_sources`. `suggest_for_article(article)` is the one helper that loads
them. Nothing is saved; an editor accepts, edits or rejects each suggestion.

The rules are wire-copy grammar, not a model:

- quotes: curly or straight marks; the attribution after the quote ("“A,” he said."), before it
  ("X said: “A”"), or inherited (a second quote after "he said", a quote continued over
  paragraphs: a paragraph that opens a quote without closing it continues into the next);
  quoted fragments inside a sentence (scare quotes, partial quotes) are not direct quotes;
- claims: "X said (that) ...", "..., X said.", "..., said X.", "according to X", "X told
  Reuters ...", "X wrote in an email ...", "in a statement", "declined to comment";
- speakers: names (titles and appositives split off), organisations, surnames and acronyms
  resolved to their first full mention, pronouns and "the agency" / "the diplomat" resolved to
  the last compatible speaker, unnamed sources ("a Denver official") with their affiliation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sources.extraction.lexicon import (
    ADVERBS,
    COLLECTIVE_NOUNS,
    CORPORATE_SUFFIXES,
    DOCUMENT_NOUNS,
    FINITE,
    INDEFINITE,
    INTRO_WORDS,
    NOT_FIRST_NAME,
    NOT_NAME_START,
    ORG_NOUNS,
    ORG_WORDS,
    PRONOUNS,
    QUANTIFIERS,
    RELATIVE,
    ROLE_NOUNS,
    TITLES,
)
from sources.extraction.records import (
    DIRECT_QUOTE,
    DOCUMENT,
    ORGANIZATION,
    PARAPHRASE,
    PERSON,
    STATEMENT,
    UNNAMED,
    KnownSource,
    Suggestion,
)
from sources.extraction.spans import Quote, blocks, find_quotes, mask, quote_text, sentences
from sources.extraction.tokens import (
    bare_word,
    has_verb,
    is_abbreviation,
    is_acronym,
    is_cap,
    is_possessive,
    normalize_name,
)
from sources.extraction.verbs import (
    ACCORDING,
    CAPWORD,
    NO_COMMENT,
    STRONG_VERBS,
    VERB,
    WEAK_VERBS,
    WEEKDAY,
    end_of_verb,
    last_verb,
)


def _title(appositive: str) -> str:
    """ "an attorney for the city." -> "attorney for the city"."""
    return re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "", appositive.strip().rstrip(".,;:").strip())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, edge punctuation and a leading conjunction or "that"."""
    while start < end and (text[start].isspace() or text[start] in ",;:–—-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:–—-"):
        end -= 1
    lead = re.match(r"(?:(?:But|And|So|Yet|However,?)\s+)?(?:that\s+)?", text[start:end])
    if lead and lead.end() < end - start:
        start += lead.end()
    return start, end


# --- Entities --------------------------------------------------------------------------------


@dataclass(eq=False)
class _Entity:
    name: str
    kind: str
    title: str = ""
    affiliation: str = ""
    plural: bool = False
    aliases: set[str] = field(default_factory=set)
    # How the story describes it ("company" for "software company Numbra Inc").
    descriptors: set[str] = field(default_factory=set)

    @property
    def keys(self) -> set[str]:
        return {normalize_name(self.name)} | {normalize_name(alias) for alias in self.aliases}


def _split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """ "San Diego County Sheriff William Gore" -> (title tokens, name tokens)."""
    last_title = -1
    for index, token in enumerate(tokens[:-1]):
        parts = bare_word(token).split("-")
        if not is_possessive(token) and (
            bare_word(token) in TITLES or all(p in TITLES for p in parts)
        ):
            last_title = index
    return tokens[: last_title + 1], tokens[last_title + 1 :]


def _looks_like_person(name: list[str]) -> bool:
    if not 2 <= len(name) <= 4:
        return False
    if bare_word(name[0]) in NOT_FIRST_NAME:
        return False
    for token in name:
        bare = bare_word(token)
        if (
            bare in ORG_WORDS
            or bare in {"of", "for", "and", "the", "&"}
            or not is_cap(token)
            or any(ch.isdigit() for ch in token)
            or is_acronym(token)
            or is_possessive(token)
        ):
            return False
    return True


_CONNECTORS = {"of", "for", "and", "the", "&", "de", "da", "del", "van", "von", "on"}


def _runs(text: str) -> list[tuple[list[str], int]]:
    """Capitalised runs ("Bank of Thailand", "U.S. District Judge Maria Ortega") with the index
    of the word each starts at; words that merely start a sentence are left off."""
    words = text.split()
    runs: list[tuple[list[str], int]] = []
    current: list[str] = []
    pending: list[str] = []
    start = 0
    for index, raw in enumerate(words):
        token = raw.strip(',;:()“”"')
        sentence_end = token.endswith(".") and not is_abbreviation(token)
        token = token.rstrip(".") if sentence_end else token
        if token and (is_cap(token) or (current and token.isdigit())):
            if not current:
                start = index
            current += [*pending, token]
            pending = []
        elif current and token in _CONNECTORS:
            pending.append(token)
        else:
            if current:
                runs.append((current, start))
            current, pending = [], []
        if (sentence_end or raw.endswith((",", ";", ":", ")"))) and current:
            runs.append((current, start))
            current, pending = [], []
    if current:
        runs.append((current, start))
    trimmed = []
    for tokens, first in runs:
        while tokens and bare_word(tokens[0]) in NOT_NAME_START:
            tokens, first = tokens[1:], first + 1
        if tokens:
            trimmed.append((tokens, first))
    return trimmed


# --- The extractor ---------------------------------------------------------------------------


@dataclass
class _Attribution:
    entity: _Entity
    verb: str
    note: str


class _Extractor:
    def __init__(self, known: list[KnownSource]):
        self.known = known
        self.history: list[tuple[int, _Entity]] = []  # speakers and sentence subjects
        self.orgs: list[tuple[int, _Entity]] = []  # organisations mentioned anywhere
        self.aliases: dict[str, _Entity] = {}  # acronym or short name -> organisation
        self.speakers_by_name: dict[str, _Entity] = {}
        self.results: list[tuple[Suggestion, _Entity]] = []
        self.paragraph = 0
        self.last: tuple[int, _Attribution] | None = None  # (paragraph, attribution)
        self.pending_run: list[tuple[int, str, str]] = []  # (paragraph, text, reason)
        self.run_start_attribution: _Attribution | None = None

    # -- entities ----------------------------------------------------------------------------

    def _canonical(self, entity: _Entity) -> _Entity:
        """The entity already seen under the same name, or this one, remembered."""
        key = normalize_name(entity.name)
        existing = self.speakers_by_name.get(key)
        if existing is not None:
            if entity.title and not existing.title:
                existing.title = entity.title
            if entity.affiliation and not existing.affiliation:
                existing.affiliation = entity.affiliation
            return existing
        self.speakers_by_name[key] = entity
        return entity

    def _remember(self, entity: _Entity) -> _Entity:
        entity = self._canonical(entity)
        self.history.append((self.paragraph, entity))
        if entity.kind == ORGANIZATION:
            self.orgs.append((self.paragraph, entity))
        return entity

    def _persons(self):
        for _, entity in reversed(self.history):
            if entity.kind == PERSON:
                yield entity

    def _surname(self, token: str) -> _Entity | None:
        bare = bare_word(token)
        for entity in self._persons():
            if bare_word(entity.name.split()[-1]) == bare and len(entity.name.split()) > 1:
                return entity
        return None

    def _org_alias(self, text: str) -> _Entity | None:
        return self.aliases.get(normalize_name(text))

    def _register_org(self, tokens: list[str], alias: str = "", described: str = "") -> _Entity:
        name = " ".join(tokens).strip(",;:")
        entity = self._canonical(_Entity(name, ORGANIZATION))
        if described.isalpha() and described.islower():
            entity.descriptors.add(described)
        if alias:
            entity.aliases.add(alias)
            self.aliases[normalize_name(alias)] = entity
        last = bare_word(tokens[-1])
        if len(tokens) > 1 and last in CORPORATE_SUFFIXES:
            # "Vantor Brands Inc" is "Vantor" on second mention, and "the company".
            self.aliases.setdefault(normalize_name(tokens[0]), entity)
            entity.descriptors.add("company")
        self.aliases.setdefault(normalize_name(name), entity)
        self.orgs.append((self.paragraph, entity))
        return entity

    def _register_mentions(self, text: str, masked: str) -> None:
        """Organisations named in a sentence (and acronyms defined), and a person who opens it."""
        for match in re.finditer(
            rf"((?:{CAPWORD}\s+(?:(?:of|for|and|the|on|&)\s+)*)+{CAPWORD})"
            r"\s+\((?P<acronym>[A-Z][A-Za-z]{1,9})\)",
            masked,
        ):
            tokens = match.group(1).split()
            while tokens and bare_word(tokens[0]) in NOT_NAME_START:
                tokens = tokens[1:]
            if len(tokens) >= 2:
                self._register_org(tokens, alias=match["acronym"])
        words = masked.split()
        for tokens, first in _runs(masked):
            is_org = any(bare_word(token) in ORG_WORDS for token in tokens)
            if (
                is_org
                and not self._person_in(tokens)
                and (len(tokens) > 1 or bare_word(tokens[0]) not in ORG_WORDS)
            ):
                self._register_org(tokens, described=bare_word(words[first - 1]) if first else "")
        lead = re.match(r"\s*(?:(?:But|And|So)\s+)?([^,;]*)", masked)
        if lead:
            runs = _runs(lead.group(1))
            if runs and runs[0][1] == 0:
                title, name = _split_title(runs[0][0])
                if _looks_like_person(name):
                    self._remember(_Entity(" ".join(name), PERSON, title=" ".join(title)))

    def _person_in(self, tokens: list[str]) -> bool:
        if "of" in tokens:
            tokens = tokens[: tokens.index("of")]
        _, name = _split_title(tokens)
        return (
            _looks_like_person(name)
            and len(name) < len(tokens) + 1
            and (not any(bare_word(token) in ORG_WORDS for token in name))
        )

    # -- classifying a noun phrase -----------------------------------------------------------

    def classify(self, phrase: str, *, according: bool = False) -> tuple[_Entity, str] | None:
        """Who a noun phrase names, and how that was worked out; None when it names nobody."""
        phrase = phrase.strip().strip(",;:–—").strip()
        phrase = re.sub(r"^(?:But|And|So|Yet|However,?)\s+", "", phrase)
        words = phrase.split()
        while (
            not according
            and words
            and bare_word(words[-1])
            in ADVERBS
            | {"on", "late", "early"}
            | {day.lower() for day in re.findall(r"\w+", WEEKDAY)}
        ):
            words = words[:-1]
        if not words or len(words) > 16:
            return None
        phrase = " ".join(words)
        lower = phrase.lower()
        if any(bare_word(word) in FINITE for word in words if word.islower()) and not according:
            return None

        if re.fullmatch(
            r"(?:one|some|two|several|many|most|all|each|both) of (?:them|those)", lower
        ):
            entity = self._pronoun("they")
            return (entity, f"“{phrase}” → {entity.name}, the last group") if entity else None
        if lower in PRONOUNS:
            entity = self._pronoun(lower)
            return (
                (entity, f"“{phrase}” → {entity.name}, the last compatible speaker")
                if (entity)
                else None
            )

        possessive = re.match(
            r"^(?P<owner>.+?)[’']s\s+(?P<head>office|campaign|government|administration|team|"
            r"spokes(?:man|woman|person)|aides?|lawyers?|attorneys?|representatives?)$",
            phrase,
        )
        if possessive:
            head = possessive["head"]
            if head.startswith(("spokes", "aide", "lawyer", "attorney", "representative")):
                name = phrase
                return (
                    _Entity(name, UNNAMED, title=head, affiliation=possessive["owner"]),
                    "unnamed: someone's spokesperson",
                )
            name = re.sub(r"^[Tt]he\s+", "", phrase)
            return _Entity(name, ORGANIZATION), "an organisation: someone's office"

        first = bare_word(words[0])
        rest = words[1:] if first in INDEFINITE | {"the"} else words
        doc_head = next((w for w in rest[:6] if bare_word(w) in DOCUMENT_NOUNS), None)
        if according and doc_head and not self._named(" ".join(rest)):
            name = re.sub(r"\s*\([^)]*\)", "", phrase)
            return _Entity(name, DOCUMENT), f"a document (“{doc_head}”)"

        if first in INDEFINITE or first in QUANTIFIERS:
            return self._unnamed(phrase), "an unnamed source"

        named = self._named(phrase)
        if named is not None:
            return named

        last = bare_word(words[-1])
        if first == "the":
            resolved = self._definite(phrase)
            if resolved is not None:
                return resolved, f"“{phrase}” → {resolved.name}"
            if last in ORG_NOUNS:
                return _Entity(phrase[4:], ORGANIZATION), "an organisation, as described"
            if last in ROLE_NOUNS:
                return self._unnamed(phrase), "an unnamed source"
            if doc_head:
                return _Entity(phrase, DOCUMENT), f"a document (“{doc_head}”)"
            return None
        if any(bare_word(word) in ROLE_NOUNS for word in words) or last in COLLECTIVE_NOUNS:
            return self._unnamed(phrase), "an unnamed source"
        if len(words) == 1 and is_cap(words[0]):
            # A lone name never seen in full: a person known by one name, or an organisation.
            kind = ORGANIZATION if is_acronym(words[0]) else PERSON
            return _Entity(words[0].strip(",.;:"), kind), "a name not seen in full earlier"
        return None

    def _named(self, phrase: str) -> tuple[_Entity, str] | None:
        for tokens, start in _runs(phrase):
            text = " ".join(tokens)
            alias = self._org_alias(text)
            if alias is not None:
                note = "" if alias.name == text else f"“{text}” → {alias.name}"
                return alias, note or "a named organisation"
            affiliation = ""
            if "of" in tokens:
                cut = tokens.index("of")
                head, tail = tokens[:cut], tokens[cut + 1 :]
                if tail and tail[0].lower() == "the":
                    tail = tail[1:]
                _, name = _split_title(head)
                if _looks_like_person(name) or (len(head) == 1 and self._surname(head[0])):
                    tokens, affiliation = head, " ".join(tail)
            title_tokens, name = _split_title(tokens)
            before = " ".join(phrase.split()[:start])
            before = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", before)
            title = " ".join(part for part in (before, " ".join(title_tokens)) if part)
            if _looks_like_person(name):
                entity = _Entity(" ".join(name), PERSON, title=title, affiliation=affiliation)
                return entity, "a named person"
            if len(name) == 1:
                person = self._surname(name[0])
                if person is not None:
                    return person, f"surname “{name[0]}” → {person.name}"
            if any(bare_word(token) in ORG_WORDS for token in tokens) and not (
                len(tokens) == 1 and bare_word(tokens[0]) in ORG_WORDS
            ):
                return _Entity(text, ORGANIZATION), "a named organisation"
            if len(tokens) == 1 and title_tokens == [] and len(phrase.split()) == 1:
                if bare_word(tokens[0]) in ROLE_NOUNS:
                    return None
                kind = ORGANIZATION if is_acronym(tokens[0]) else PERSON
                return _Entity(tokens[0], kind), "a name not seen in full earlier"
            if title_tokens and len(name) == 1:
                return _Entity(name[0], PERSON, title=title), "a person known by one name here"
        return None

    def _unnamed(self, phrase: str) -> _Entity:
        words = phrase.split()
        first = bare_word(words[0])
        plural = first in QUANTIFIERS - {"current", "former", "latest", "previous", "senior"}
        head = next(
            (
                bare_word(w)
                for w in reversed(words)
                if bare_word(w) in ROLE_NOUNS | COLLECTIVE_NOUNS
            ),
            "",
        )
        if head:
            plural = (
                plural
                or (head.endswith("s") and head not in {"witness"})
                or head
                in {
                    "police",
                    "people",
                    "staff",
                    "authorities",
                }
            )
        affiliation = ""
        match = re.search(r"\b(?:for|at|of|from)\s+(?:the\s+)?(?P<org>[^,;]+)$", phrase)
        if match:
            affiliation = match["org"].strip()
        else:
            runs = _runs(" ".join(words[1:]) if first in INDEFINITE else phrase)
            if runs:
                affiliation = " ".join(runs[0][0])
        title = head if head and not plural else ""
        return _Entity(phrase, UNNAMED, title=title, affiliation=affiliation, plural=plural)

    def _pronoun(self, pronoun: str) -> _Entity | None:
        for _, entity in reversed(self.history):
            if pronoun in {"he", "she"} and (
                entity.kind == PERSON or (entity.kind == UNNAMED and not entity.plural)
            ):
                return entity
            if pronoun == "they" and (
                (entity.kind == UNNAMED and entity.plural) or entity.kind == ORGANIZATION
            ):
                return entity
            if pronoun == "it" and entity.kind == ORGANIZATION:
                return entity
        return None

    def _definite(self, phrase: str) -> _Entity | None:
        """ "the agency", "the diplomat": the entity it points back to, if any."""
        words = phrase.lower().split()
        head = bare_word(words[-1])
        if head in PRONOUNS:
            return None
        candidates = [entity for _, entity in reversed(self.history)]
        candidates += [entity for _, entity in reversed(self.orgs)]
        for entity in candidates:
            if head in entity.descriptors or any(
                re.search(rf"\b{re.escape(head)}", key) for key in entity.keys
            ):
                return entity
        if len(words) != 2 or head not in ORG_NOUNS:
            return None
        for paragraph, entity in reversed(self.history):
            if paragraph < self.paragraph - 1:
                break
            if entity.kind == ORGANIZATION:
                return entity
        if self.orgs:
            return self.orgs[-1][1]
        for _, entity in reversed(self.history):
            if entity.kind == ORGANIZATION:
                return entity
        return None

    # -- attribution clauses -----------------------------------------------------------------

    def _clause_start(self, masked: str, start: int, verb_start: int) -> tuple[int, bool]:
        """Where the clause holding the verb begins, and whether it begins at "and"."""
        best, at_and = start, False
        segment = masked[start:verb_start]
        for match in re.finditer(r";|\bbut\b|\bwhile\b|\bwhereas\b|\band\b|\bthat\b", segment):
            word = match.group()
            position = start + match.end()
            if word == "that":
                between = masked[position:verb_start]
                if "," not in between and 1 <= len(between.split()) <= 4:
                    best, at_and = position, False
                continue
            if word == "and":
                before = masked[best : start + match.start()]
                after = masked[position:verb_start].split()
                nxt = after[0] if after else ""
                if len(before.split()) <= 4 or not has_verb(before):
                    continue
                if not (nxt == "" or is_cap(nxt) or nxt in {"the", "a", "an", "he", "she"}):
                    continue
                best, at_and = position, True
            else:
                best, at_and = position, False
        return best, at_and

    @staticmethod
    def _segments(masked: str, start: int, end: int) -> list[tuple[int, int]]:
        """Comma- and dash-separated pieces of [start, end), as spans."""
        pieces, position = [], start
        for match in re.finditer(r"\s*,\s*|\s+[–—-]\s+|—", masked[start:end]):
            pieces.append((position, start + match.start()))
            position = start + match.end()
        pieces.append((position, end))
        return pieces

    def _subject(self, text: str, masked: str, start: int, end: int):
        """The speaker before a verb: the first piece, or a named piece after a description
        ("The law's sponsor, Republican state Sen. Dana Whitfield, said"); appositives give the
        title ("Chad Sublet, an attorney for ..., said")."""
        pieces = [p for p in self._segments(masked, start, end) if masked[p[0] : p[1]].strip()]
        while len(pieces) > 1 and bare_word(masked[pieces[0][0] : pieces[0][1]].split()[0]) in (
            INTRO_WORDS
        ):
            pieces = pieces[1:]
        if not pieces:
            return None
        texts = [text[a:b].strip() for a, b in pieces]
        found = self.classify(texts[0])
        chosen = 0
        if found is None or found[0].kind not in {PERSON, ORGANIZATION}:
            for index, piece in enumerate(texts[1:], start=1):
                if is_cap(piece) and bare_word(piece.split()[0]) not in INDEFINITE | {"the"}:
                    candidate = self.classify(piece)
                    if candidate is not None and candidate[0].kind == PERSON:
                        found, chosen = candidate, index
                        break
        if found is None:
            return None
        entity, note = found
        if entity.kind == PERSON and not entity.title:
            appositive = ""
            if chosen > 0:
                appositive = texts[0]
            elif len(texts) > 1:
                appositive = texts[1]
            words = appositive.split()
            if words and bare_word(words[0]) not in RELATIVE and not words[0].isdigit():
                entity.title = _title(appositive)
        return entity, note

    def _clause_attribution(self, text: str, masked: str, start: int, end: int):
        """Parse the words after a quote ("he said", "said X, a lawyer") into an attribution."""
        verb = VERB.search(masked, start, end)
        if verb is None:
            return None
        verb_end = end_of_verb(masked, verb, end)
        verb_text = text[verb.start() : verb_end]
        before = masked[start : verb.start()].strip(" ,")
        if before:
            found = self._subject(text, masked, start, verb.start())
            rule = f"quote, then “{text[start:verb_end].strip(' ,')}”"
        else:
            tail = re.match(
                r"\s*([^,;]+?)\s*(?:,\s*(?P<appositive>[^;]+?))?\s*$", text[verb_end:end]
            )
            if tail is None:
                return None
            found = self.classify(tail.group(1))
            if found and found[0].kind == PERSON and tail["appositive"] and not found[0].title:
                found[0].title = _title(tail["appositive"])
            rule = f"quote, then “{verb_text} {tail.group(1)}”"
        if found is None:
            return None
        entity, note = found
        return verb, _Attribution(entity, verb_text, rule + (f"; {note}" if note else ""))

    # -- paragraphs --------------------------------------------------------------------------

    def add_quote_like(self, index: int, text: str, earlier: _Attribution, reason: str) -> None:
        """A direct quote spoken by the same speaker, with the same verb, as `earlier`."""
        self.add(index, DIRECT_QUOTE, text, _Attribution(earlier.entity, earlier.verb, reason))

    def add(self, paragraph: int, kind: str, text: str, attribution: _Attribution) -> None:
        entity = self._remember(attribution.entity)
        attribution.entity = entity
        suggestion = Suggestion(
            paragraph=paragraph,
            kind=kind,
            text=text,
            verb=attribution.verb.strip().rstrip(".,;:").strip(),
            speaker=entity.name,
            speaker_kind=entity.kind,
            title=entity.title,
            affiliation=entity.affiliation,
            reason=attribution.note,
        )
        self.results.append((suggestion, entity))
        self.last = (paragraph, attribution)

    def _flush_run(self, attribution: _Attribution | None) -> None:
        if attribution is not None:
            for paragraph, text, reason in self.pending_run:
                self.add(
                    paragraph,
                    DIRECT_QUOTE,
                    text,
                    _Attribution(attribution.entity, attribution.verb, reason),
                )
        self.pending_run = []

    def paragraph_(self, index: int, block: str) -> None:
        self.paragraph = index
        if block.startswith("#"):
            self._flush_run(self.run_start_attribution)
            return
        quotes = find_quotes(block)
        masked = mask(block, quotes)
        opens_with_quote = bool(quotes) and quotes[0].start == 0
        if self.pending_run and not opens_with_quote:
            self._flush_run(self.run_start_attribution)
        if opens_with_quote and not self.pending_run:
            previous = self.last
            self.run_start_attribution = (
                previous[1] if previous and previous[0] == index - 1 else None
            )
        in_run = bool(self.pending_run)
        paragraph_last: _Attribution | None = None
        for start, end in sentences(block, masked, quotes):
            self._register_mentions(block[start:end], masked[start:end])
            sentence_quotes = [q for q in quotes if start <= q.start < end]
            used: list[tuple[int, int]] = []
            previous_quote: tuple[Quote, _Attribution, int] | None = None
            for number, quote in enumerate(sentence_quotes):
                next_start = (
                    sentence_quotes[number + 1].start if number + 1 < len(sentence_quotes) else end
                )
                text = quote_text(block, quote)
                if not text:
                    continue
                parsed = None
                if quote.closed:
                    parsed = self._clause_attribution(block, masked, quote.end, next_start)
                if parsed is not None:
                    verb, attribution = parsed
                    used.append((verb.start(), verb.end()))
                    self._flush_run(attribution)
                    self.add(index, DIRECT_QUOTE, text, attribution)
                    paragraph_last = attribution
                    previous_quote = (quote, attribution, verb.start())
                    continue
                pre = masked[start : quote.start]
                if previous_quote is not None and previous_quote[2] > previous_quote[0].end:
                    # “A,” the diplomat said, “B.”
                    attribution = previous_quote[1]
                    self.add_quote_like(
                        index,
                        text,
                        attribution,
                        f"second half of a split quote by {attribution.entity.name}",
                    )
                    continue
                if pre.strip() and pre.rstrip().endswith(":"):
                    attribution = self._colon_attribution(block, masked, start, quote.start)
                    if attribution is not None:
                        self.add(index, DIRECT_QUOTE, text, attribution)
                        paragraph_last = attribution
                        continue
                if pre.strip() and pre.rstrip().endswith(","):
                    verb = last_verb(masked, start, quote.start)
                    if verb is not None and not masked[
                        end_of_verb(masked, verb, quote.start) : quote.start
                    ].strip(" ,"):
                        found = self._subject(block, masked, start, verb.start())
                        if found is not None:
                            used.append((verb.start(), verb.end()))
                            attribution = _Attribution(
                                found[0],
                                block[verb.start() : end_of_verb(masked, verb, quote.start)],
                                "“X said, “...”" + (f"; {found[1]}" if found[1] else ""),
                            )
                            self.add(index, DIRECT_QUOTE, text, attribution)
                            paragraph_last = attribution
                            continue
                if pre.strip():
                    continue  # a fragment inside a sentence: a scare quote or partial quote
                if not quote.closed and quote.start == 0:
                    self.pending_run.append(
                        (index, text, "a quote running over paragraphs, attributed where it ends")
                    )
                    continue
                if in_run and quote.start == 0:
                    self.pending_run.append((index, text, "a quote running over paragraphs"))
                    self._flush_run(self.run_start_attribution)
                    continue
                if len(text.split()) < 3:
                    continue
                if paragraph_last is not None:
                    self.add_quote_like(
                        index,
                        text,
                        paragraph_last,
                        f"follows {paragraph_last.entity.name}’s words in the paragraph",
                    )
                elif quote.start == 0 and self.last and self.last[0] == index - 1:
                    attribution = self.last[1]
                    self.add_quote_like(
                        index,
                        text,
                        attribution,
                        f"follows {attribution.entity.name} in the paragraph before",
                    )
            claims = self._claims(index, block, masked, start, end, used, sentence_quotes)
            if claims:
                paragraph_last = claims
            if self.last and self.last[0] == index:
                paragraph_last = self.last[1]

    def _colon_attribution(self, text: str, masked: str, start: int, colon: int):
        """ "Union president Darnell Hughes put it bluntly: “...”": the speaker opens the clause."""
        clause = masked[start:colon].rstrip().rstrip(":")
        verb = last_verb(clause)
        if verb is not None:
            found = self._subject(text, masked, start, start + verb.start())
            verb_text = text[start + verb.start() : start + len(clause)].strip()
        else:
            runs = _runs(clause)
            if not runs:
                return None
            people = [run for run in runs if _looks_like_person(_split_title(run[0])[1])]
            orgs = [run for run in runs if len(run[0]) > 1 and run[0][-1].lower() in ORG_WORDS]
            tokens, first = (people or orgs or runs)[0]
            words = clause.split()
            phrase = " ".join(words[: first + len(tokens)])
            found = self.classify(phrase)
            verb_text = " ".join(words[first + len(tokens) :])
        if found is None or not verb_text:
            return None
        return _Attribution(
            found[0], verb_text, "a quote after a colon" + (f"; {found[1]}" if found[1] else "")
        )

    def _claims(self, index, text, masked, start, end, used, quotes):
        """Attributed claims in one sentence; returns the last attribution made, if any."""
        last = None
        covered: list[tuple[int, int]] = []
        triggers = []
        for match in ACCORDING.finditer(masked, start, end):
            triggers.append(("according", match))
        for match in NO_COMMENT.finditer(masked, start, end):
            triggers.append(("no_comment", match))
        for match in VERB.finditer(masked, start, end):
            triggers.append(("verb", match))
        triggers.sort(key=lambda item: item[1].start())
        for kind, match in triggers:
            position = match.start()
            if any(a <= position < b for a, b in used + covered):
                continue
            made = None
            if kind == "according":
                made = self._according(index, text, masked, start, end, match, quotes)
            elif kind == "no_comment":
                made = self._no_comment(index, text, masked, start, end, match)
            else:
                made = self._reported(index, text, masked, start, end, match, quotes)
            if made is not None:
                span, attribution = made
                covered.append(span)
                used.append((match.start(), match.end()))
                last = attribution
        return last

    def _is_quote(self, quotes, a: int, b: int) -> bool:
        """Whether [a, b) is nothing but one quote (a direct quote, not a claim)."""
        return any(q.start <= a and b <= q.end for q in quotes)

    def _emit_claim(self, index, text, a, b, attribution, quotes, kind=None):
        a, b = _trim(text, a, b)
        claim = text[a:b]
        if len(claim.split()) < 2 or self._is_quote(quotes, a, b):
            return None
        entity = attribution.entity
        if kind is None:
            if entity.kind == DOCUMENT:
                kind = DOCUMENT
            elif entity.kind == ORGANIZATION or "statement" in attribution.verb:
                kind = STATEMENT
            else:
                kind = PARAPHRASE
        self.add(index, kind, claim, attribution)
        return (a, b), attribution

    def _according(self, index, text, masked, start, end, match, quotes):
        stop = re.search(r"[,;]|\.?\s*$", masked[match.end() : end])
        phrase_end = match.end() + (stop.start() if stop else end - match.end())
        phrase = text[match.end() : phrase_end].strip().rstrip(".")
        found = self.classify(phrase, according=True)
        if found is None:
            return None
        entity, note = found
        verb = text[match.start() : match.end()].strip()
        verb = verb[0].lower() + verb[1:]
        attribution = _Attribution(
            entity, verb, f"“{verb} {phrase}”" + (f"; {note}" if note else "")
        )
        clause_start = start
        for boundary in re.finditer(r";|\bbut\b", masked[start : match.start()]):
            clause_start = start + boundary.end()
        if masked[clause_start : match.start()].strip(" ,"):
            return self._emit_claim(index, text, clause_start, match.start(), attribution, quotes)
        return self._emit_claim(index, text, phrase_end, end, attribution, quotes)

    def _no_comment(self, index, text, masked, start, end, match):
        clause_start, _ = self._clause_start(masked, start, match.start())
        found = self._subject(text, masked, clause_start, match.start())
        if found is None:
            return None
        verb = text[match.start() : match.end()]
        verb = "referred" if verb.startswith("referred") else verb
        attribution = _Attribution(
            found[0], verb, f"“{verb}”" + (f"; {found[1]}" if found[1] else "")
        )
        a, b = _trim(text, match.start(), end)
        self.add(index, STATEMENT, text[a:b], attribution)
        return (a, b), attribution

    def _reported(self, index, text, masked, start, end, match, quotes):
        verb_word = match.group()
        verb_end = end_of_verb(masked, match, end)
        verb = text[match.start() : verb_end]
        complement = masked[verb_end:end]
        rest = complement.strip().rstrip(".").strip()
        clause_start, at_and = self._clause_start(masked, start, match.start())
        pieces = list(self._segments(masked, clause_start, match.start()))
        last_piece = masked[pieces[-1][0] : pieces[-1][1]].strip()

        if at_and and not masked[clause_start : match.start()].strip():
            # "The Bank of Thailand kept rates on hold and said it would ...": the subject of
            # the sentence speaks.
            lead = re.match(
                rf"\s*((?:The\s+)?(?:{CAPWORD}\s+(?:(?:of|for|and|&)\s+)?)*{CAPWORD})",
                masked[start:end],
            )
            if lead is None or verb_word not in STRONG_VERBS or not rest:
                return None
            found = self.classify(text[start : start + lead.end()])
            if found is None:
                return None
            attribution = _Attribution(
                found[0], verb, f"the subject of the sentence, then “and {verb}”; {found[1]}"
            )
            return self._emit_claim(index, text, verb_end, end, attribution, quotes)

        if not last_piece and len(pieces) > 1:
            # "..., said Leonard Begay, a lawyer for the tribe." / "..., said X." (and not
            # "Dube, who voted against it, said the city ...", where a claim follows the verb)
            tail = re.match(
                r"\s*([^,;]+?)\s*(?:,\s*(?P<appositive>[^;]+?))?\s*\.?\s*$", text[verb_end:end]
            )
            named = tail.group(1) if tail else ""
            plausible = named and len(named.split()) <= 8 and not has_verb(named)
            found = self.classify(named) if plausible else None
            if found is not None:
                entity, note = found
                if entity.kind == PERSON and tail["appositive"] and not entity.title:
                    entity.title = _title(tail["appositive"])
                attribution = _Attribution(
                    entity,
                    verb,
                    f"claim, then “{verb} {tail.group(1)}”" + (f"; {note}" if note else ""),
                )
                return self._emit_claim(
                    index, text, clause_start, pieces[-1][0], attribution, quotes
                )

        if last_piece and (not rest or rest.startswith(",")):
            # "The decision was unanimous, the central bank said in a statement."
            if len(pieces) < 2:
                return None
            found = self.classify(text[pieces[-1][0] : pieces[-1][1]])
            if found is None:
                return None
            entity, note = found
            attribution = _Attribution(
                entity,
                verb,
                f"claim, then “{text[pieces[-1][0] : verb_end].strip()}”"
                + (f"; {note}" if note else ""),
            )
            return self._emit_claim(index, text, start, pieces[-2][1], attribution, quotes)

        # "X said (that) ...": the claim follows the verb.
        starts_that = rest.startswith("that ")
        if (
            verb_word in WEAK_VERBS
            and not starts_that
            and not has_verb(" ".join(rest.split()[:10]))
        ):
            return None
        if rest.startswith(("“", '"')) and any(
            q.start >= verb_end and q.end >= end - 2 for q in quotes
        ):
            return None
        found = self._subject(text, masked, clause_start, match.start())
        if found is None:
            return None
        entity, note = found
        subject = text[clause_start : match.start()].strip(" ,")
        attribution = _Attribution(
            entity, verb, f"“{subject} {verb}” then the claim" + (f"; {note}" if note else "")
        )
        kind = STATEMENT if re.search(r"\b[Ii]n a statement\b", text[start:end]) else None
        return self._emit_claim(index, text, verb_end, end, attribution, quotes, kind=kind)

    # -- sources -----------------------------------------------------------------------------

    def matched(self) -> list[Suggestion]:
        cache: dict[int, KnownSource | None] = {}
        out = []
        for suggestion, entity in self.results:
            if id(entity) not in cache:
                cache[id(entity)] = match_source(
                    entity.name, entity.kind, self.known, entity.aliases
                )
            source = cache[id(entity)]
            if source is not None:
                suggestion = _replace(suggestion, speaker=source.name, source_id=source.id)
            out.append(suggestion)
        return out


def _replace(suggestion: Suggestion, **changes) -> Suggestion:
    return Suggestion(**{**suggestion.as_dict(), **changes})


def _initials(name: str) -> str:
    words = [w for w in re.split(r"\s+", name) if w and w[0].isupper() and w not in {"U.S."}]
    return "".join(w[0] for w in words)


def match_source(
    name: str, kind: str, known: Iterable[KnownSource], aliases: Iterable[str] = ()
) -> KnownSource | None:
    """The existing source a speaker is, by name, alias, acronym or (for people) surname."""
    known = list(known)
    keys = {normalize_name(name)} | {normalize_name(alias) for alias in aliases}
    for source in known:
        names = {normalize_name(source.name)} | {normalize_name(a) for a in source.aliases}
        if keys & names:
            return source
    if kind == ORGANIZATION:
        acronyms = {key.upper() for key in keys if " " not in key}
        hits = [s for s in known if s.kind in {"", ORGANIZATION} and _initials(s.name) in acronyms]
        return hits[0] if len(hits) == 1 else None
    if kind != PERSON:
        return None
    tokens = normalize_name(name).split()
    hits = []
    for source in known:
        if source.kind not in {"", PERSON}:
            continue
        source_tokens = normalize_name(source.name).split()
        if len(tokens) == 1 and source_tokens and source_tokens[-1] == tokens[0]:
            hits.append(source)  # "Kobach" -> "Kris Kobach"
        elif len(source_tokens) >= 2 and tokens[-len(source_tokens) :] == source_tokens:
            hits.append(source)  # "Basic William Barr" -> "William Barr"
    return hits[0] if len(hits) == 1 else None


def _known_sources(items) -> list[KnownSource]:
    known = []
    for item in items or ():
        if isinstance(item, KnownSource):
            known.append(item)
            continue
        if isinstance(item, tuple | list):
            source_id, name, *rest = item
            aliases, kind = (rest[0] if rest else ()), ""
        else:
            source_id, name = item.pk, item.name
            kind = getattr(item, "kind", "") or ""
            aliases = getattr(item, "aliases", None) or ()
        if isinstance(aliases, str):
            aliases = [a for a in re.split(r"[\n;]", aliases) if a.strip()]
        known.append(KnownSource(source_id, name, kind, tuple(a.strip() for a in aliases)))
    return known


def extract_attributions(body: str, *, known_sources=None) -> list[Suggestion]:
    """Suggest who said what in a Markdown body: direct quotes and attributed claims.

    `known_sources` is an iterable of Source objects, KnownSource or (id, name[, aliases])
    tuples; a speaker that matches one gets its id and name.
    """
    extractor = _Extractor(_known_sources(known_sources))
    for index, block in enumerate(blocks(body)):
        extractor.paragraph_(index, " ".join(block.split()))
    extractor._flush_run(extractor.run_start_attribution)
    ordered = sorted(
        extractor.matched(),
        key=lambda s: (s.paragraph, _position(body, s)),
    )
    return ordered


def _position(body: str, suggestion: Suggestion) -> int:
    block = blocks(body)[suggestion.paragraph]
    found = " ".join(block.split()).find(suggestion.text)
    return found if found >= 0 else 0


def suggest_for_article(article) -> list[Suggestion]:
    """Suggestions for an article's body, matched against the sources already in the database."""
    from sources.models import Source

    field_names = {f.name for f in Source._meta.get_fields()}
    fields = ["pk", "name", "kind"] + (["aliases"] if "aliases" in field_names else [])
    return extract_attributions(article.body, known_sources=Source.objects.only(*fields))
