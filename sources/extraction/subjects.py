"""
Claims whose speaker is not the subject right before the verb: the subject the sentence opens
with ("The Bank of Thailand kept rates on hold and said ...", "Radwerk AG ... scrapped its
dividend, saying ..."), and the name or group a relative clause hangs on ("board member Priya
Venkataraman-Holt, who said ...", "residents of the Picacho Hills subdivision who say ...").
The claim rules in rules.py call them; the scene is claims.py's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sources.extraction.lexicon import DESCRIBED_ORG_HEADS
from sources.extraction.phrases import classify, is_role, unnamed_source
from sources.extraction.records import ORGANIZATION, PERSON, Finding
from sources.extraction.tokens import has_verb
from sources.extraction.verbs import CAPWORD, STRONG_VERBS

if TYPE_CHECKING:
    from sources.extraction.claims import ClaimScene


def opens_with_and(scene: ClaimScene) -> bool:
    """The verb's clause is nothing but "and": "X kept rates on hold and said ..."."""
    begins, at_and = scene.clause
    return at_and and not scene.masked[begins : scene.match.start()].strip()


def subject_and_said(scene: ClaimScene) -> Finding | None:
    """ "The Bank of Thailand kept rates on hold and said it would ...": the subject of the
    sentence speaks."""
    lead = _SUBJECT.match(scene.masked, scene.start, scene.end)
    verb = scene.match.group()
    if lead is None or not scene.rest:
        return None
    if verb not in _AND_VERBS and not (
        verb in _AND_CLAUSE_VERBS
        and (scene.rest.startswith("that ") or has_verb(" ".join(scene.rest.split()[:8])))
    ):
        return None
    found = classify(scene.memory, scene.text[scene.start : _role_after(scene.masked, lead)])
    if found is None:
        return None
    verb = scene.verb
    return Finding(found[0], verb, verb, found[1], claim=(scene.verb_end, scene.end))


def _role_after(masked: str, lead: re.Match) -> int:
    """Where the subject ends: past a lower-case role after the name ("The Harborough
    manager"), which makes the subject the person with that title."""
    role = re.match(r"\s+([a-z]+)\b", masked[lead.end() :])
    return lead.end() + role.end() if role and is_role(role[1]) else lead.end()


# The name a sentence opens with, after a description of an organisation if one comes first
# ("Norwegian fertiliser maker Fjordgaard ASA cut output and said ...").
_SUBJECT = re.compile(
    rf"\s*((?:(?:{CAPWORD}\s+)?(?:[a-z][\w-]*\s+){{0,3}}?(?:{'|'.join(DESCRIBED_ORG_HEADS)})\s+"
    rf"(?={CAPWORD}))?(?:The\s+)?(?:{CAPWORD}\s+(?:(?:of|for|and|&)\s+)?)*{CAPWORD})"
)


def saying(scene: ClaimScene) -> Finding | None:
    """ "Radwerk AG, the Munich-based maker ..., scrapped its dividend, saying dealers were
    ...": the participle's clause is the claim of the name the sentence opens with; not a
    name never met in full ("Protesters marched, saying ...")."""
    lead = _SUBJECT.match(scene.masked, scene.start, scene.match.start())
    rest = scene.rest
    if lead is None or not (rest.startswith("that ") or has_verb(" ".join(rest.split()[:8]))):
        return None
    if re.search(r"\b(?:who|which)\b", scene.masked[lead.end() : scene.match.start()]):
        return None  # "X is one of 46 tenants who are suing, saying ...": theirs, not X's
    found = classify(scene.memory, scene.text[lead.start(1) : lead.end(1)])
    if found is None or found[0].kind not in (PERSON, ORGANIZATION):
        return None
    if found[1] == "a name not seen in full earlier":
        return None
    return Finding(found[0], "saying", "saying", found[1], claim=(scene.verb_end, scene.end))


# Verbs that take a claim after "and" with the sentence's subject: "X kept rates on hold and
# said ...", "X cut rates and warned that ...".
_AND_VERBS = STRONG_VERBS | {"warned"}
# Weaker verbs that do so only with a clause after them: "St. Germain noted that ..., and
# suggested he had every reason to lie".
_AND_CLAUSE_VERBS = {"suggested", "noted", "argued", "conceded", "acknowledged"}


_WHO_SAID = re.compile(rf"((?:{CAPWORD}\s+)*{CAPWORD}),\s+who\s+(?:also\s+)?$")


def who_said(scene: ClaimScene):
    """ "..., board member Priya Venkataraman-Holt, who said the study ...": the person the
    relative clause hangs on speaks; not "a crofter who asked" (no name before ", who")."""
    lead = _WHO_SAID.search(scene.masked, scene.start, scene.match.start())
    group = _GROUP_WHO_SAY.search(scene.masked, scene.start, scene.match.start())
    if group is not None and scene.match.group() in ("say", "said"):
        # "a fight with residents of the Picacho Hills subdivision who say the dump is ...".
        return unnamed_source(scene.text[group.start(1) : group.end(1)]), "an unnamed group"
    if lead is None or scene.match.group() not in STRONG_VERBS:
        return None
    found = classify(scene.memory, scene.text[lead.start(1) : lead.end(1)])
    return found if found and found[0].kind == PERSON else None


_GROUP_WHO_SAY = re.compile(
    r"\b((?:residents|workers|tenants|parents|neighbors|neighbours|farmers|critics|"
    r"campaigners|activists|owners|employees|members|families|patients|teachers|drivers)"
    rf"(?:\s+(?:of|in|at|from|near|on)\s+(?:the\s+)?(?:{CAPWORD}\s+)*(?:{CAPWORD}|[a-z]+))?)"
    r"\s+who\s+$"
)
