"""When, where, said by whom and how sure: what an event carries beside its actors and code.

The date and place come from the event's own clause, else its sentence, else the publication date
or the dateline. An event inside reported speech carries the report as its quote. The confidence
score and the dependency path are the evidence a reader sees under "why was this coded?".
"""

from __future__ import annotations

from datetime import date

from berkut.coding import clauses
from berkut.coding.actor_countries import country_inferred
from berkut.coding.participants import mentions
from berkut.coding.quotes import quote_for_char
from berkut.coding.where import DATELINE, dateline_place
from berkut.model import Analysis, DatePrecision, DateSource, Mention, Parse, Place, PlaceSource, Quote, Token
from berkut.ontology.verbs import VerbPattern

# Plain speech verbs are reported speech, not events, unless a more specific pattern fires. Speech
# verbs also mark a clause as reported (its quote here, a demand in events.py).
PLAIN_SPEECH = {"say", "tell", "add", "state", "note", "report", "write", "comment", "explain"}
SPEECH_VERBS = PLAIN_SPEECH | {"announce", "claim", "declare", "insist", "warn", "stress", "confirm"}


def _clause_of(parse: Parse, char: int) -> Token | None:
    token = parse.token_at(char)
    return clauses.governing_predicate(parse, token) if token is not None else None


def event_date(
    analysis: Analysis, parse: Parse, verb: Token
) -> tuple[date | None, DatePrecision | None, str | None, str, DateSource]:
    in_sentence = [t for t in analysis.times if t.sentence == verb.sent and t.value is not None]
    for time in in_sentence:
        if _clause_of(parse, time.span[0]) == verb:
            return time.value, time.precision, time.text, time.reason, DateSource.CLAUSE
    if in_sentence:
        time = in_sentence[0]
        return (
            time.value,
            time.precision,
            time.text,
            f"{time.reason} (from the sentence)",
            DateSource.SENTENCE,
        )
    published = analysis.document.date
    if published is not None:
        return (
            published,
            DatePrecision.DAY,
            None,
            "publication date (no date in the sentence)",
            DateSource.PUBLICATION,
        )
    return None, None, None, "no date in the sentence and no publication date", DateSource.NONE


def dated_after_publication(analysis: Analysis, value: date | None, source: DateSource) -> bool:
    """The clause's own date lies wholly after the article was published ("talks next month", "meet on
    9 January" in a paper of the 5th): the act had not happened when it was reported. Only the clause's
    own date counts: "leaders are meeting to choose a team for talks due to restart on 28 November"."""
    published = analysis.document.date
    if value is None or published is None or source is not DateSource.CLAUSE:
        return False
    # A resolved date is the first day of its period (a month's 1st, a week's Monday), so a period that
    # starts after publication lies wholly after it, whatever its precision.
    return value > published


def event_place(
    analysis: Analysis, parse: Parse, verb: Token, countries: set[str | None]
) -> tuple[Place | None, PlaceSource | None]:
    """The place the event's clause names, else its sentence's, else the dateline's; never a guess
    from an actor's capital."""
    # A place that is an actor here ("warned Kazakhstan") is not where the event happened.
    actor_spans = [m.span for m in analysis.mentions if m.sentence == verb.sent]
    in_sentence = [
        p
        for p in analysis.places
        if p.sentence == verb.sent
        and p.feature != DATELINE
        and not any(a[0] <= p.span[0] < a[1] for a in actor_spans)
    ]
    for place in in_sentence:
        if _clause_of(parse, place.span[0]) == verb:
            return place, PlaceSource.CLAUSE
    if in_sentence:
        return in_sentence[0], PlaceSource.SENTENCE
    # The dateline says where the report was filed: it locates the lead and events of its own country.
    dateline = dateline_place(analysis)
    if dateline is not None and (dateline.sentence == verb.sent or dateline.country in countries):
        return dateline, PlaceSource.DATELINE
    return None, None


def reporting_quote(
    analysis: Analysis, parse: Parse, verb: Token, by_head: dict[int, Mention]
) -> Quote | None:
    """An event inside reported speech ("X said Y attacked Z") carries the report as its quote."""
    found = quote_for_char(analysis.quotes, verb.idx)
    if found is not None:
        return found
    if verb.dep != "ccomp":
        return None
    head = parse.head(verb.i)
    if head.lemma not in SPEECH_VERBS:
        return None
    speakers = mentions(parse, clauses.subjects(parse, head)[0], by_head)
    if not speakers:
        return None
    lo, hi = parse.char_span(parse.subtree(verb.i))
    return Quote(
        speaker_text=speakers[0].text,
        speaker_span=speakers[0].span,
        speaker=speakers[0],
        cue=head.text,
        content=analysis.document.text[lo:hi],
        content_span=(lo, hi),
        direct=False,
        sentence=verb.sent,
    )


def confidence(
    how: str,
    source: Mention,
    target: Mention | None,
    pattern: VerbPattern,
    hypothetical: bool,
    noun: bool,
) -> float:
    """How likely the event is right, from what the coding rested on.

    The weights follow what our gold sentences show (``berkut evaluate --details``; the fit and its
    two-fold check are in benchmarks/RESULTS.md): events with a named target are right far more often
    than events with none; a root-level code ("020", "190") is often right in kind but too vague for
    the act the sentence states; sources read off anything but the clause's own subject, event nouns and
    actors inferred from context are wrong more often.
    """
    score = 0.25
    score += 0.25 if target is not None else (-0.15 if pattern.target != "none" else 0.0)
    score += 0.2 if target is not None and target.actor_id else 0.0
    score += 0.1 if source.actor_id else 0.0
    score += 0.1 if how in ("subject", "agent of passive", "possessive") else 0.0
    score -= 0.2 if how != "subject" else 0.0
    score += 0.02 * pattern.specificity
    if len(pattern.code) == 3 and pattern.code.endswith("0"):
        score -= 0.3
    if noun:
        score -= 0.2
    # Sources found through a pronoun, the article's context or its places are right less than half
    # as often as named ones on judged real news (benchmarks/RESULTS.md): 0.44-0.49 against 0.81.
    if country_inferred(source) or any(rule.startswith("pronoun") for rule in source.rules):
        score -= 0.1
    if hypothetical:
        score -= 0.1
    return round(min(0.99, max(0.05, score)), 2)


def dependency_path(parse: Parse, source: Mention, verb: Token, target: Mention | None) -> str:
    parts = []
    if source.head >= 0:
        parts.append(f"{parse.tokens[source.head].text}/{parse.tokens[source.head].dep}")
    parts.append(f"{verb.text}/{verb.dep}")
    if target is not None and target.head >= 0:
        parts.append(f"{parse.tokens[target.head].text}/{parse.tokens[target.head].dep}")
    return " → ".join(parts)
