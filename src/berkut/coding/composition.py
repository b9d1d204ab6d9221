"""Acts about acts: intents, threats and refusals composed from the act they are about.

CAMEO codes a stated intention, a threat and a refusal by what is intended, threatened or refused:
"pledged to send aid" is 033 (intent to provide material aid), "threatened to impose sanctions" 1312,
"refused to release the prisoners" 1243 (refuse to release persons). Its families mirror each other
code for code: 03x (intent) mirrors the acts of 04-08, 12x (reject) mirrors 03x, 13x groups the
coercive acts. These tables spell the mirrors out once; the event coder asks them for the composed
code of an act.
"""

from __future__ import annotations

import dataclasses

from berkut.coding.matching import Predicate

# Matrix verbs whose complement names the act intended, threatened or refused.
INTENT_VERBS = frozenset(
    {"pledge", "promise", "vow", "agree", "offer", "undertake", "commit", "intend", "decide"}
)
THREAT_VERBS = frozenset({"threaten"})
REFUSAL_VERBS = frozenset({"refuse", "decline", "reject"})
# An intent verb over a complement no pattern codes still says the actor means to cooperate
# ("agreed to set up a transit centre"); "decide" and "intend" say nothing about cooperation.
BARE_INTENT_VERBS = frozenset({"pledge", "promise", "vow", "agree", "offer", "undertake", "commit"})

# Longest prefix of the act's code → the intent code (03x mirrors 04–08).
INTENT_OF = {
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "06": "031",
    "05": "032",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "07": "033",
    "0831": "0341",
    "0832": "0342",
    "0833": "0343",
    "0834": "0344",
    "083": "034",
    "081": "0351",
    "082": "0352",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "08": "035",
    "04": "036",
    "045": "039",
    "046": "036",
}
# Longest prefix of the act's code → the threat code (13x).
THREAT_OF = {
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "16": "131",
    "17": "137",
    "14": "133",
    "18": "1383",
    "19": "1384",
    "20": "1385",
    "15": "138",
    "12": "130",
}
THREAT_ROOTS = frozenset({"12", "14", "15", "16", "17", "18", "19", "20"})
# Longest prefix of an intent code → the refusal of that act (12x mirrors 03x): "will not lift the
# ban" refuses what "will lift the ban" (0351) promises, so it is 1241.
REFUSAL_OF = {
    "030": "120",
    "031": "121",
    "0311": "1211",
    "0312": "1212",
    "032": "120",
    "033": "122",
    "0331": "1221",
    "0332": "1222",
    "0333": "1223",
    "0334": "1224",
    "034": "123",
    "0341": "1231",
    "0342": "1232",
    "0343": "1233",
    "0344": "1234",
    "035": "124",
    "0351": "1241",
    "0352": "1242",
    "0353": "1243",
    "0354": "1244",
    "0355": "1245",
    "0356": "1246",
    "036": "125",
    "037": "127",
    "038": "126",
    "039": "126",
}
# Longest prefix of an intent code → the demand that someone do that act (10x mirrors 03x): "Israel
# must end its attacks", said by Russia, is Russia demanding de-escalation (1056) of Israel.
DEMAND_OF = {
    "030": "100",
    "031": "101",
    "0311": "1011",
    "0312": "1012",
    "0313": "1013",
    "0314": "1014",
    "032": "102",
    "033": "103",
    "0331": "1031",
    "0332": "1032",
    "0333": "1033",
    "0334": "1034",
    "034": "104",
    "0341": "1041",
    "0342": "1042",
    "0343": "1043",
    "0344": "1044",
    "035": "105",
    "0351": "1051",
    "0352": "1052",
    "0353": "1053",
    "0354": "1054",
    "0355": "1055",
    "0356": "1056",
    "036": "106",
    "037": "107",
    "038": "108",
    "039": "108",
}
# Roots whose acts are not themselves intended, threatened or refused: statements, appeals, intents,
# disapproval, demands and threats already are speech about an act.
_SPEECH_ROOTS = frozenset({"01", "02", "03", "09", "10", "11", "13"})


def composed_code(table: dict[str, str], code: str) -> str | None:
    """The table's entry for the longest prefix of ``code`` it has, if any."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def intent_code(code: str) -> str | None:
    """The intent (03x) or threat (13x) to do the act ``code``; None for speech acts."""
    if code[:2] in _SPEECH_ROOTS:
        return None
    return composed_code(THREAT_OF if code[:2] in THREAT_ROOTS else INTENT_OF, code)


def _mirrored(table: dict[str, str], code: str) -> str | None:
    """The ``table`` mirror (12x or 10x) of an intent code, or of the intent to do a cooperative act;
    None for hostile acts and speech acts."""
    if code[:2] == "03":
        return composed_code(table, code)
    if code[:2] in THREAT_ROOTS or code[:2] in _SPEECH_ROOTS:
        return None
    intent = composed_code(INTENT_OF, code)
    return composed_code(table, intent) if intent is not None else None


def refusal_code(code: str) -> str | None:
    """The refusal (12x) of a cooperative act or of an intent to do it; None for anything else
    ("will not attack" refuses nothing: it is simply not an attack)."""
    return _mirrored(REFUSAL_OF, code)


def demand_code(code: str | None) -> str | None:
    """The demand (10x) that someone do the act ``code``; 100 when the act has no code of its own;
    None for acts of conflict ("X must attack" is not a demand CAMEO codes)."""
    return "100" if code is None else _mirrored(DEMAND_OF, code)


def matrix_code(matrix_lemma: str, inner_code: str) -> str | None:
    """The code of "<matrix> to <inner act>": intent, threat or refusal, by the matrix verb."""
    if matrix_lemma in INTENT_VERBS:
        return composed_code(INTENT_OF, inner_code)
    if matrix_lemma in THREAT_VERBS:
        return composed_code(THREAT_OF, inner_code)
    if matrix_lemma in REFUSAL_VERBS:
        return refusal_code(inner_code)
    return None


def as_intent(predicate: Predicate) -> Predicate:
    """ "will send troops" → intent to send (03x); "will attack" → threat to attack (13x); an act with
    neither (a speech act) stays itself, marked planned."""
    intent = intent_code(predicate.pattern.code)
    if intent is None:
        # "will consider the bill", "will call for calm": a future speech act is not yet an event
        return dataclasses.replace(predicate, planned=True)
    pattern = dataclasses.replace(predicate.pattern, id=f"{predicate.pattern.id}+intent", code=intent)
    return dataclasses.replace(predicate, pattern=pattern)


def as_refusal(predicate: Predicate) -> Predicate | None:
    """ "will not lift the ban" → refuses to ease sanctions (1241): a stated refusal is an event, and
    its negation is the refusal itself, not a flag. None when the act is not one a refusal codes."""
    refusal = refusal_code(predicate.pattern.code)
    if refusal is None:
        return None
    pattern = dataclasses.replace(predicate.pattern, id=f"{predicate.pattern.id}+refusal", code=refusal)
    return dataclasses.replace(predicate, pattern=pattern, negation_absorbed=True)
