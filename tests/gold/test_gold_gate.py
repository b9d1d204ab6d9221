"""The coder's gate: our gold sentences, scored with floors that may only rise.

When you improve the coder, raise the floors to what you reached. When you change the gold file, update
its checksum here in the same commit and say why in the commit message: the gate must not be weakened
by quietly editing the answers.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from berkut.evaluate import evaluate

GOLD = Path(__file__).parent / "events.yaml"
GOLD_SHA256 = "f28c3a3b06d026b9d0b716f21d47fb83b330efedc86fe23ec485eda343814eed"

# Reached on 2026-11-24 (berkut evaluate tests/gold/events.yaml, 144 sentences): strict P 0.630 R 0.607,
# coarse P 0.713 R 0.693, no must-not violations, and 0.812 of the events above 0.5 confidence right
# (the calibration promise of the coder: at least 0.8). g130-g144 were added with this session's rules
# (refusals, demands, participles, composition, victims, patrons, negated permissions, court appeals).
# g145-g154 (added with the rules for job-title nouns, "of" as the one acted on, describing verbs,
# convened meetings, prevented and prospective acts): 154 sentences, strict P 0.630 R 0.613, coarse
# P 0.712 R 0.697, no violations, 0.812 above 0.5 (the previous coder scores 0.590 / 0.669 on them with
# 7 must-not violations).
# g155-g159 (session 3: questions, indirect questions, appeals two deep, a leader's rally, mediators):
# 159 sentences, strict P 0.638 R 0.621, coarse P 0.718 R 0.703, no violations, 0.820 above 0.5.
# g160-g167 (session 4: capitals acting, possessive owners of acts, acts dated ahead, 'recognise' a thing,
# verbal defence, everyday life of private people, envoys' 'to' phrases, allies): 167 sentences, strict
# P 0.671 R 0.662, coarse P 0.738 R 0.728, no violations, 0.839 above 0.5 (on g001-g159 alone the
# session-4 coder scores 0.657 / 0.648 and 0.727 / 0.717).
# g168-g170 (session 5: hopes and forecasts are no intent, anticipated acts, a clause timing a planned
# act): 170 sentences, strict P 0.676 R 0.662, coarse P 0.743 R 0.728, no violations, 0.839 above 0.5
# (the session-4 coder scores 0.654 / 0.662 and 0.719 / 0.728 on them, with 3 must-not violations).
FLOORS = {
    "strict_precision": 0.675,
    "strict_recall": 0.66,
    "coarse_precision": 0.74,
    "coarse_recall": 0.72,
    "confident_precision": 0.83,
}
MAX_VIOLATIONS = 0

pytestmark = pytest.mark.model


def test_gold_file_is_the_one_the_floors_were_set_on() -> None:
    digest = hashlib.sha256(GOLD.read_bytes()).hexdigest()
    assert digest == GOLD_SHA256, "gold file changed: re-score, update GOLD_SHA256 and the floors together"


def test_gold_file_has_enough_sentences_of_every_root() -> None:
    from berkut.evaluate import load_gold

    sentences = load_gold(GOLD)
    assert len(sentences) >= 40
    roots = {str(e["root"]) for s in sentences for e in s.events}
    assert roots >= {f"{r:02d}" for r in range(1, 21)}


def test_coder_meets_the_floors(pipeline) -> None:  # type: ignore[no-untyped-def]
    report = evaluate(GOLD, pipeline)
    reached = {
        "strict_precision": report.strict.precision,
        "strict_recall": report.strict.recall,
        "coarse_precision": report.coarse.precision,
        "coarse_recall": report.coarse.recall,
        "confident_precision": report.confident_precision,
    }
    below = {k: round(v, 3) for k, v in reached.items() if v < FLOORS[k]}
    assert not below, f"below the floors {FLOORS}: {below}\n{report.summary()}"
    assert len(report.violations) <= MAX_VIOLATIONS, "\n".join(report.violations)
