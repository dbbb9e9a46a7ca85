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
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

# The values of sources.models.AttributionKind and SourceKind (kept as plain strings so this
# module runs without Django; a test pins them to the models).
DIRECT_QUOTE = "direct_quote"
PARAPHRASE = "paraphrase"
STATEMENT = "statement"
DOCUMENT = "document"

PERSON = "person"
ORGANIZATION = "organization"
UNNAMED = "unnamed"


@dataclass(frozen=True)
class Suggestion:
    """One proposed attribution: who said what, where, and why the extractor thinks so."""

    paragraph: int
    kind: str
    text: str
    verb: str
    speaker: str
    speaker_kind: str
    title: str = ""
    affiliation: str = ""
    source_id: int | None = None
    reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class KnownSource:
    """An existing source, as the extractor needs it: id, name, kind and other names."""

    id: int
    name: str
    kind: str = ""
    aliases: tuple[str, ...] = ()


# --- Lexicons --------------------------------------------------------------------------------

# Speech verbs that take a clause ("said the plan failed") and rarely anything else.
STRONG_VERBS = {
    "said", "says", "told", "tells", "stated", "explained", "explains", "claimed", "mentioned",
    "added", "adds", "wrote", "writes", "insisted", "insists", "contended", "contends",
    "maintained", "asserted", "asserts", "informed", "replied", "countered", "argued",
}  # fmt: skip
# Verbs that report speech only when a clause follows ("reported that ...", not "reported a
# loss"; "states the plan ..." after a speaker, not "five states").
WEAK_VERBS = {
    "states", "claims", "reported", "reports", "noted", "notes", "warned", "warns",
    "acknowledged", "acknowledges", "announced", "announces", "confirmed", "confirms",
    "denied", "denies", "suggested", "suggests", "estimated", "predicted", "predicts",
    "testified", "tweeted", "recalled", "conceded", "admitted", "admits", "observed",
    "cautioned", "emphasized", "emphasised", "stressed", "concluded", "alleged", "alleges",
    "declared", "disclosed", "revealed", "indicated", "complained", "argues", "believes",
    "insisted", "asked",
}  # fmt: skip
SPEECH_VERBS = STRONG_VERBS | WEAK_VERBS
RECIPIENT_VERBS = {"told", "tells", "informed"}

_VERB = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording to|[Ii]n accordance (?:to|with))\s+")
_NO_COMMENT = re.compile(
    r"\b(?:(?:declined|refused) to (?:comment|say|discuss|elaborate|disclose|specify|confirm)"
    r"|did not (?:immediately )?(?:respond|reply|return)(?: to)? (?:a |an |several |repeated )?"
    r"(?:requests?|e-?mails?|messages?|calls?|questions?|inquiries)"
    r"(?: (?:for|seeking|requesting) comment)?"
    r"|could not (?:immediately )?be reached(?: for comment)?"
    r"|referred\b[^.;]{0,40}?\bcomment\b)"
)

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MEDIUM = (
    r"(?:statement|e-?mail|interview|ruling|letter|post|forecast|filing|report|note|memo|"
    r"briefing|message|opinion|order|decision|tweet|speech|video|release|podcast|broadcast|"
    r"call|testimony|affidavit|complaint|motion|brief|notice|blog)"
)
_CAPWORD = r"[A-Z][\w.’'&-]*"
# What may follow the verb and still be part of it as printed: "said on Friday", "wrote in an
# e-mail to ICE at the time", "told Reuters in a phone interview", "said by phone".
_VERB_EXTENSION = re.compile(
    rf"""(?:
        \s+(?:(?:late|early)\s+)?on\s+{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?
      | \s+in\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){{0,3}}?{_MEDIUM}s?
            (?:\s+to\s+(?:(?:the|its|his|her|their)\s+)?(?:{_CAPWORD}(?:\s+{_CAPWORD})*|[a-z]+))?
            (?:\s+(?:seen|obtained|reviewed|viewed)\s+by\s+(?:the\s+)?{_CAPWORD}(?:\s+{_CAPWORD})*)?
      | \s+by\s+(?:tele)?phone
      | \s+at\s+the\s+time
      | \s+(?:on\s+social\s+media|on\s+Twitter|on\s+Facebook)
      | \s+(?:yesterday|today|tonight)
    )*""",
    re.VERBOSE,
)
_RECIPIENT = re.compile(
    rf"""\s+(?:
        (?:The\s+)?{_CAPWORD}(?:\s+(?:of\s+)?{_CAPWORD})*
      | (?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?
        (?:reporters|journalists|lawmakers|legislators|senators|council|committee|court|jury|
           panel|briefing|conference|hearing|meeting|audience|crowd|parliament|investors|
           analysts|supporters|residents|members|staff|employees|officials|radio|television|
           newspaper|broadcaster|station|magazine|podcast)
    )(?=[\s,.;]|$)""",
    re.VERBOSE,
)

# Capitalised words that come before a name and are not part of it.
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "sheriff", "attorney", "general",
    "governor", "gov.", "lt.", "lieutenant", "mayor", "senator", "sen.", "rep.",
    "representative", "congressman", "congresswoman", "councilor", "councillor", "councilman",
    "councilwoman", "commissioner", "judge", "justice", "chief", "executive", "officer",
    "director", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "commander",
    "captain", "capt.", "sgt.", "sergeant", "detective", "det.", "inspector", "superintendent",
    "supt.", "dr.", "dr", "prof.", "professor", "mr.", "mrs.", "ms.", "rev.", "bishop", "pope",
    "king", "queen", "prince", "princess", "ambassador", "envoy", "assistant", "deputy",
    "acting", "recorder", "clerk", "treasurer", "auditor", "comptroller", "controller",
    "administrator", "chancellor", "speaker", "leader", "coach", "manager", "head", "founder",
    "ceo", "cfo", "coo", "gen.", "col.", "adm.", "maj.", "sir", "dame", "premier", "rabbi",
    "imam", "father", "sister", "emir", "sheikh", "pastor", "marshal", "warden", "dean",
}  # fmt: skip
# Words that make a capitalised run an organisation.
ORG_WORDS = {
    "department", "ministry", "commission", "service", "agency", "office", "council", "court",
    "university", "institute", "inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llc",
    "plc", "group", "bank", "association", "union", "party", "nation", "organization",
    "organisation", "administration", "committee", "federation", "league", "authority",
    "board", "bureau", "district", "police", "fund", "alliance", "foundation", "society",
    "center", "centre", "network", "company", "corporation", "holdings", "airlines", "airways",
    "power", "energy", "brands", "securities", "legislature", "senate", "congress",
    "parliament", "government", "navy", "army", "force", "guard", "club", "church", "school",
    "college", "hospital", "clinic", "museum", "times", "post", "press", "news", "reuters",
    "workplace", "county", "city", "state", "republic", "kingdom", "coalition", "cabinet",
    "tribunal", "prosecutor's", "prosecutors", "watchdog", "regulator", "exchange", "capital",
    "partners", "labs", "systems", "technologies", "motors", "pharmaceuticals", "media",
}  # fmt: skip
# Nouns heading a description of an organisation ("the agency", "the health ministry").
ORG_NOUNS = {
    "agency", "company", "ministry", "department", "office", "tribe", "utility", "bank",
    "union", "government", "council", "commission", "firm", "group", "board", "court",
    "administration", "authority", "party", "campaign", "service",
    "regulator", "watchdog", "bureau", "committee", "organization", "organisation",
    "association", "carmaker", "automaker", "retailer", "airline", "insurer", "lender",
    "manufacturer", "maker", "operator", "district", "city", "county", "state", "school",
    "university", "hospital", "military", "army", "police", "embassy", "consulate",
    "legislature", "parliament", "senate", "club", "team", "league", "network", "newspaper",
    "broadcaster", "presidency", "cabinet", "prosecutor", "prosecutors", "nation",
}  # fmt: skip
# Nouns heading a description of people ("a spokeswoman", "officials", "health workers").
ROLE_NOUNS = {
    "official", "officials", "officer", "officers", "spokesman", "spokeswoman", "spokesperson",
    "spokespeople", "spokespersons", "source", "sources", "diplomat", "diplomats", "analyst",
    "analysts", "economist", "economists", "expert", "experts", "lawyer", "lawyers",
    "attorney", "attorneys", "worker", "workers", "resident", "residents", "engineer",
    "engineers", "scientist", "scientists", "researcher", "researchers", "aide", "aides",
    "adviser", "advisers", "advisor", "advisors", "executive", "executives", "investor",
    "investors", "trader", "traders", "witness", "witnesses", "member", "members", "leader",
    "leaders", "authorities", "person", "people", "critic", "critics", "advocate", "advocates",
    "activist", "activists", "doctor", "doctors", "nurse", "nurses", "teacher", "teachers",
    "student", "students", "farmer", "farmers", "observer", "observers", "insider",
    "insiders", "negotiator", "negotiators", "staff", "employee", "employees", "director",
    "manager", "managers", "judge", "prosecutor", "prosecutors", "driver", "drivers",
    "representative", "representatives", "lawmaker", "lawmakers", "legislator",
    "legislators", "minister", "ministers", "counselor", "consultant", "consultants",
    "survivor", "survivors", "victim", "victims", "parent", "parents", "voter", "voters",
    "organizer", "organizers", "organiser", "organisers", "owner", "owners", "physician",
    "physicians", "commander", "commanders", "soldier", "soldiers", "delegate", "delegates",
    "supporter", "supporters", "opponent", "opponents", "figure", "figures", "colleague",
    "colleagues", "friend", "friends", "neighbor", "neighbors", "neighbour", "neighbours",
    "police", "strategist", "strategists", "banker", "bankers", "dealer",
    "dealers", "broker", "brokers", "pilot", "pilots", "firefighter", "firefighters",
}  # fmt: skip
# Nouns heading a document ("according to court records", "a notice posted by ...").
DOCUMENT_NOUNS = {
    "report", "reports", "notice", "filing", "filings", "document", "documents", "memo",
    "memos", "memorandum", "minutes", "records", "record", "data", "figures", "statement",
    "letter", "letters", "ruling", "survey", "study", "estimate", "estimates", "analysis",
    "schedule", "forecast", "poll", "complaint", "indictment", "transcript", "transcripts",
    "audit", "budget", "papers", "emails", "e-mails", "census", "statistics", "affidavit",
    "lawsuit", "contract", "draft", "plan", "proposal", "policy", "guidance", "order",
    "review", "assessment", "testimony", "paper", "release", "announcement",
    "database", "tally", "count", "map", "website", "cable", "cables",
}  # fmt: skip
# Plural organisations, spoken of together ("small island states", "several countries").
COLLECTIVE_NOUNS = {
    "states", "countries", "nations", "governments", "companies", "firms", "groups",
    "unions", "agencies", "banks", "airlines", "automakers", "retailers", "lenders",
    "insurers", "donors", "campaigners", "members", "allies", "partners", "neighbours",
    "neighbors", "cities", "counties", "provinces", "regions", "municipalities",
}  # fmt: skip
PRONOUNS = {"he", "she", "they", "it"}
# Words that start a plural unnamed description ("two diplomats", "some officials").
QUANTIFIERS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "some",
    "many", "most", "other", "few", "dozens", "hundreds", "multiple", "various", "both",
    "all", "numerous", "current", "former", "latest", "previous", "senior", "top", "local",
}  # fmt: skip
INDEFINITE = {"a", "an", "one", "another"}
# Capitalised words at the start of a run that are not part of a name.
_NOT_NAME_START = {
    "the", "a", "an", "but", "and", "in", "on", "at", "after", "according", "since", "given",
    "when", "while", "if", "as", "for", "from", "by", "with", "to", "it", "he", "she", "they",
    "we", "i", "his", "her", "its", "their", "this", "that", "these", "those", "one", "two",
    "some", "all", "shares", "however", "meanwhile", "earlier", "later", "also", "still",
    "last", "next", "every", "each", "such", "other", "many", "most", "both", "so", "yet",
    "then", "there", "here", "now", "more", "our", "your", "my",
}  # fmt: skip
# First words of capitalised pairs that are places or things rather than people.
_NOT_FIRST_NAME = {
    "new", "united", "north", "south", "east", "west", "san", "los", "las", "st.", "saint",
    "fort", "port", "u.s.", "u.n.", "u.k.", "e.u.", "european", "american", "national",
    "federal", "central", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "lake", "mount", "cape",
    "supreme", "white", "great", "first", "second", "third", "republican", "democratic",
    "democrat", "world", "global", "international", "royal", "western", "eastern",
    "northern", "southern", "middle", "hong", "el",
}  # fmt: skip
_INTRO_WORDS = {
    "in", "on", "at", "after", "before", "during", "since", "given", "according", "when",
    "while", "although", "though", "as", "if", "because", "despite", "earlier", "later",
    "meanwhile", "however", "also", "for", "from", "under", "by", "separately", "speaking",
    "asked", "instead", "still", "yet", "last", "this", "next",
}  # fmt: skip
_RELATIVE = {"who", "which", "where", "whose", "whom", "when", "speaking", "citing"}
_FINITE = {
    "is", "are", "was", "were", "has", "have", "had", "would", "will", "could", "can",
    "should", "may", "might", "must", "did", "does", "do", "shall", "ought", "knew", "saw",
    "found", "came", "went", "made", "took", "gave", "got", "kept", "left", "met", "paid",
    "put", "ran", "thought", "began", "became", "fell", "rose", "grew", "won", "lost", "sent",
    "spent", "built", "brought", "bought", "held", "remains", "remain", "needs", "need",
    "wants", "want", "plans", "lacks", "lacked", "faces", "faced", "means", "meant",
}  # fmt: skip
_ADVERBS = {
    "also", "later", "earlier", "previously", "repeatedly", "has", "had", "have", "then",
    "once", "recently", "separately", "again", "further", "first", "initially", "last",
    "publicly", "privately", "quickly", "immediately", "often", "frequently", "always",
    "never", "just", "already", "himself", "herself", "themselves", "itself", "too",
}  # fmt: skip
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "lt", "gen", "col", "capt", "sgt",
    "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr",
    "aug", "sep", "sept", "oct", "nov", "dec", "ore", "calif", "mass", "wash", "fla", "ariz",
    "colo", "conn", "ill", "mich", "minn", "tenn", "tex", "va", "pa", "rev", "adm", "maj",
    "det", "supt", "ft", "mt", "u.s", "u.n", "u.k", "e.u", "d.c", "a.m", "p.m", "n.y",
}  # fmt: skip
_CORPORATE_SUFFIXES = {"inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llc", "plc",
                       "group", "brands", "holdings", "sa", "ag", "nv", "se"}  # fmt: skip

OPEN_QUOTES = '“"'
CLOSE_FOR = {"“": "”", '"': '"'}


# --- Text helpers ----------------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """A name for comparing: case, typographic quotes, leading articles, parentheses ignored."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    text = re.sub(r"\([^)]*\)", " ", text).lower()
    text = re.sub(r"[^\w'&\s-]", " ", text)
    text = re.sub(r"^\s*(?:a|an|the)\s+", "", text)
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    return text.split()


def _bare(token: str) -> str:
    """A token without surrounding punctuation or a possessive, lower case."""
    token = token.strip(",;:()“”\"‘'").lower()
    return re.sub(r"[’']s$", "", token)


def _is_cap(token: str) -> bool:
    token = token.strip('(“"‘')
    return bool(token) and token[0].isupper() and any(ch.isalpha() for ch in token)


def _is_acronym(token: str) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and "." not in token


def _possessive(token: str) -> bool:
    return bool(re.search(r"[’']s$", token))


@dataclass
class _Quote:
    start: int  # the opening mark
    end: int  # just past the closing mark, or the end of the paragraph
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.closed else self.end


def _quotes(text: str) -> list[_Quote]:
    """Quoted spans, curly or straight; an unclosed one runs to the end of the paragraph."""
    spans, index = [], 0
    while index < len(text):
        char = text[index]
        if char in OPEN_QUOTES:
            close = text.find(CLOSE_FOR[char], index + 1)
            if close == -1:
                spans.append(_Quote(index, len(text), closed=False))
                break
            spans.append(_Quote(index, close + 1, closed=True))
            index = close + 1
        else:
            index += 1
    return spans


def _mask(text: str, quotes: list[_Quote]) -> str:
    """The paragraph with every quoted word blanked to x, so rules never fire inside quotes."""
    chars = list(text)
    for quote in quotes:
        start, end = quote.inner
        for position in range(start, end):
            if not chars[position].isspace():
                chars[position] = "x"
    return "".join(chars)


def _sentences(text: str, masked: str, quotes: list[_Quote]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; a quote is never split, abbreviations never end one."""
    view = list(masked)
    for quote in quotes:
        start, end = quote.inner
        inner = text[start:end].rstrip()
        if quote.closed and inner.endswith((".", "!", "?")):
            view[quote.end - 2] = "."
    view_text = "".join(view)
    spans, start = [], 0
    for match in re.finditer(r"[.!?]+[”\"]?(?=\s+[A-Z“\"‘(\d]|\s*$)", view_text):
        word = re.search(r"([\w.]+)\.[”\"]?$", view_text[: match.end()])
        if word and match.group().startswith("."):
            token = word.group(1).lower()
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _is_abbreviation(token: str) -> bool:
    """ "U.S.", "Gov.", "J." (not "Finance." at the end of a sentence)."""
    bare = token.rstrip(".").lower()
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare)) or bare in _ABBREVIATIONS


def _title(appositive: str) -> str:
    """ "an attorney for the city." -> "attorney for the city"."""
    return re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "", appositive.strip().rstrip(".,;:").strip())


def _has_verb(text: str) -> bool:
    """Whether words look like a clause: a finite or past-tense verb among the first few."""
    words = [_bare(word) for word in text.split()]
    return any(w in _FINITE or (len(w) > 4 and w.endswith("ed")) for w in words)


def _last(iterator):
    """The last item of an iterator, or None."""
    item = None
    for item in iterator:  # noqa: B007 (the loop is how we reach the last one)
        pass
    return item


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
        parts = _bare(token).split("-")
        if not _possessive(token) and (_bare(token) in TITLES or all(p in TITLES for p in parts)):
            last_title = index
    return tokens[: last_title + 1], tokens[last_title + 1 :]


def _looks_like_person(name: list[str]) -> bool:
    if not 2 <= len(name) <= 4:
        return False
    if _bare(name[0]) in _NOT_FIRST_NAME:
        return False
    for token in name:
        bare = _bare(token)
        if (
            bare in ORG_WORDS
            or bare in {"of", "for", "and", "the", "&"}
            or not _is_cap(token)
            or any(ch.isdigit() for ch in token)
            or _is_acronym(token)
            or _possessive(token)
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
        sentence_end = token.endswith(".") and not _is_abbreviation(token)
        token = token.rstrip(".") if sentence_end else token
        if token and (_is_cap(token) or (current and token.isdigit())):
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
        while tokens and _bare(tokens[0]) in _NOT_NAME_START:
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
        bare = _bare(token)
        for entity in self._persons():
            if _bare(entity.name.split()[-1]) == bare and len(entity.name.split()) > 1:
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
        last = _bare(tokens[-1])
        if len(tokens) > 1 and last in _CORPORATE_SUFFIXES:
            # "Vantor Brands Inc" is "Vantor" on second mention, and "the company".
            self.aliases.setdefault(normalize_name(tokens[0]), entity)
            entity.descriptors.add("company")
        self.aliases.setdefault(normalize_name(name), entity)
        self.orgs.append((self.paragraph, entity))
        return entity

    def _register_mentions(self, text: str, masked: str) -> None:
        """Organisations named in a sentence (and acronyms defined), and a person who opens it."""
        for match in re.finditer(
            rf"((?:{_CAPWORD}\s+(?:(?:of|for|and|the|on|&)\s+)*)+{_CAPWORD})"
            r"\s+\((?P<acronym>[A-Z][A-Za-z]{1,9})\)",
            masked,
        ):
            tokens = match.group(1).split()
            while tokens and _bare(tokens[0]) in _NOT_NAME_START:
                tokens = tokens[1:]
            if len(tokens) >= 2:
                self._register_org(tokens, alias=match["acronym"])
        words = masked.split()
        for tokens, first in _runs(masked):
            is_org = any(_bare(token) in ORG_WORDS for token in tokens)
            if (
                is_org
                and not self._person_in(tokens)
                and (len(tokens) > 1 or _bare(tokens[0]) not in ORG_WORDS)
            ):
                self._register_org(tokens, described=_bare(words[first - 1]) if first else "")
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
            and (not any(_bare(token) in ORG_WORDS for token in name))
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
            and _bare(words[-1])
            in _ADVERBS
            | {"on", "late", "early"}
            | {day.lower() for day in re.findall(r"\w+", _WEEKDAY)}
        ):
            words = words[:-1]
        if not words or len(words) > 16:
            return None
        phrase = " ".join(words)
        lower = phrase.lower()
        if any(_bare(word) in _FINITE for word in words if word.islower()) and not according:
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

        first = _bare(words[0])
        rest = words[1:] if first in INDEFINITE | {"the"} else words
        doc_head = next((w for w in rest[:6] if _bare(w) in DOCUMENT_NOUNS), None)
        if according and doc_head and not self._named(" ".join(rest)):
            name = re.sub(r"\s*\([^)]*\)", "", phrase)
            return _Entity(name, DOCUMENT), f"a document (“{doc_head}”)"

        if first in INDEFINITE or first in QUANTIFIERS:
            return self._unnamed(phrase), "an unnamed source"

        named = self._named(phrase)
        if named is not None:
            return named

        last = _bare(words[-1])
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
        if any(_bare(word) in ROLE_NOUNS for word in words) or last in COLLECTIVE_NOUNS:
            return self._unnamed(phrase), "an unnamed source"
        if len(words) == 1 and _is_cap(words[0]):
            # A lone name never seen in full: a person known by one name, or an organisation.
            kind = ORGANIZATION if _is_acronym(words[0]) else PERSON
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
            if any(_bare(token) in ORG_WORDS for token in tokens) and not (
                len(tokens) == 1 and _bare(tokens[0]) in ORG_WORDS
            ):
                return _Entity(text, ORGANIZATION), "a named organisation"
            if len(tokens) == 1 and title_tokens == [] and len(phrase.split()) == 1:
                if _bare(tokens[0]) in ROLE_NOUNS:
                    return None
                kind = ORGANIZATION if _is_acronym(tokens[0]) else PERSON
                return _Entity(tokens[0], kind), "a name not seen in full earlier"
            if title_tokens and len(name) == 1:
                return _Entity(name[0], PERSON, title=title), "a person known by one name here"
        return None

    def _unnamed(self, phrase: str) -> _Entity:
        words = phrase.split()
        first = _bare(words[0])
        plural = first in QUANTIFIERS - {"current", "former", "latest", "previous", "senior"}
        head = next(
            (_bare(w) for w in reversed(words) if _bare(w) in ROLE_NOUNS | COLLECTIVE_NOUNS), ""
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
        head = _bare(words[-1])
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

    def _verb_end(self, masked: str, verb: re.Match, limit: int) -> int:
        """Where the verb as printed ends: past a recipient and phrases like "in a statement"."""
        end = verb.end()
        if verb.group() in RECIPIENT_VERBS:
            recipient = _RECIPIENT.match(masked, end, limit)
            if recipient and not masked[end:].lstrip().startswith("that "):
                end = recipient.end()
        extension = _VERB_EXTENSION.match(masked, end, limit)
        return extension.end() if extension else end

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
                if len(before.split()) <= 4 or not _has_verb(before):
                    continue
                if not (nxt == "" or _is_cap(nxt) or nxt in {"the", "a", "an", "he", "she"}):
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
        while len(pieces) > 1 and _bare(masked[pieces[0][0] : pieces[0][1]].split()[0]) in (
            _INTRO_WORDS
        ):
            pieces = pieces[1:]
        if not pieces:
            return None
        texts = [text[a:b].strip() for a, b in pieces]
        found = self.classify(texts[0])
        chosen = 0
        if found is None or found[0].kind not in {PERSON, ORGANIZATION}:
            for index, piece in enumerate(texts[1:], start=1):
                if _is_cap(piece) and _bare(piece.split()[0]) not in INDEFINITE | {"the"}:
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
            if words and _bare(words[0]) not in _RELATIVE and not words[0].isdigit():
                entity.title = _title(appositive)
        return entity, note

    def _clause_attribution(self, text: str, masked: str, start: int, end: int):
        """Parse the words after a quote ("he said", "said X, a lawyer") into an attribution."""
        verb = _VERB.search(masked, start, end)
        if verb is None:
            return None
        verb_end = self._verb_end(masked, verb, end)
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
        quotes = _quotes(block)
        masked = _mask(block, quotes)
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
        for start, end in _sentences(block, masked, quotes):
            self._register_mentions(block[start:end], masked[start:end])
            sentence_quotes = [q for q in quotes if start <= q.start < end]
            used: list[tuple[int, int]] = []
            previous_quote: tuple[_Quote, _Attribution, int] | None = None
            for number, quote in enumerate(sentence_quotes):
                next_start = (
                    sentence_quotes[number + 1].start if number + 1 < len(sentence_quotes) else end
                )
                text = self._quote_text(block, quote)
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
                    verb = _last(_VERB.finditer(masked, start, quote.start))
                    if verb is not None and not masked[
                        self._verb_end(masked, verb, quote.start) : quote.start
                    ].strip(" ,"):
                        found = self._subject(block, masked, start, verb.start())
                        if found is not None:
                            used.append((verb.start(), verb.end()))
                            attribution = _Attribution(
                                found[0],
                                block[verb.start() : self._verb_end(masked, verb, quote.start)],
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

    @staticmethod
    def _quote_text(block: str, quote: _Quote) -> str:
        start, end = quote.inner
        return block[start:end].strip().rstrip(",").rstrip()

    def _colon_attribution(self, text: str, masked: str, start: int, colon: int):
        """ "Union president Darnell Hughes put it bluntly: “...”": the speaker opens the clause."""
        clause = masked[start:colon].rstrip().rstrip(":")
        verb = _last(_VERB.finditer(clause))
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
        for match in _ACCORDING.finditer(masked, start, end):
            triggers.append(("according", match))
        for match in _NO_COMMENT.finditer(masked, start, end):
            triggers.append(("no_comment", match))
        for match in _VERB.finditer(masked, start, end):
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
        verb_end = self._verb_end(masked, match, end)
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
                rf"\s*((?:The\s+)?(?:{_CAPWORD}\s+(?:(?:of|for|and|&)\s+)?)*{_CAPWORD})",
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
            plausible = named and len(named.split()) <= 8 and not _has_verb(named)
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
            and not _has_verb(" ".join(rest.split()[:10]))
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


def blocks(body: str) -> list[str]:
    """The body's blocks (paragraphs and subheads), in order; their indexes are paragraphs."""
    return [block.strip() for block in re.split(r"\n\s*\n", body.strip()) if block.strip()]


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
