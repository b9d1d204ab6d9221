"""Date expressions resolved against the publication date (pure rules, no model)."""

from __future__ import annotations

from datetime import date

import pytest

from berkut.coding.when import resolve
from berkut.model import DatePrecision

THU_2022_01_06 = date(2022, 1, 6)
SUN_2011_05_22 = date(2011, 5, 22)


@pytest.mark.parametrize(
    ("text", "published", "value", "precision", "reason_part"),
    [
        ("Thursday", THU_2022_01_06, date(2022, 1, 6), DatePrecision.DAY, "weekday of publication"),
        ("on Wednesday", THU_2022_01_06, date(2022, 1, 5), DatePrecision.DAY, "weekday before"),
        ("last Thursday", THU_2022_01_06, date(2021, 12, 30), DatePrecision.DAY, "weekday before"),
        ("Saturday", SUN_2011_05_22, date(2011, 5, 21), DatePrecision.DAY, "weekday before"),
        ("next Monday", THU_2022_01_06, date(2022, 1, 10), DatePrecision.DAY, "after"),
        ("May 18", SUN_2011_05_22, date(2011, 5, 18), DatePrecision.DAY, "year of publication"),
        ("18 May", SUN_2011_05_22, date(2011, 5, 18), DatePrecision.DAY, "year of publication"),
        ("December 28", THU_2022_01_06, date(2021, 12, 28), DatePrecision.DAY, "year before publication"),
        ("January 5", THU_2022_01_06, date(2022, 1, 5), DatePrecision.DAY, "year of publication"),
        ("December 24, 2021", THU_2022_01_06, date(2021, 12, 24), DatePrecision.DAY, "explicit"),
        ("last September", THU_2022_01_06, date(2021, 9, 1), DatePrecision.MONTH, "named month"),
        ("late last month", THU_2022_01_06, date(2021, 12, 1), DatePrecision.MONTH, "late part"),
        ("earlier this month", THU_2022_01_06, date(2022, 1, 1), DatePrecision.MONTH, "month of publication"),
        ("over the weekend", THU_2022_01_06, date(2022, 1, 1), DatePrecision.DAY, "weekend"),
        ("Christmas Day", THU_2022_01_06, date(2021, 12, 25), DatePrecision.DAY, "christmas"),
        ("earlier this week", THU_2022_01_06, date(2022, 1, 3), DatePrecision.MONTH, "week"),
        ("last year", THU_2022_01_06, date(2021, 1, 1), DatePrecision.YEAR, "last year"),
        ("in 2019", THU_2022_01_06, date(2019, 1, 1), DatePrecision.YEAR, "explicit year"),
        ("yesterday", THU_2022_01_06, date(2022, 1, 5), DatePrecision.DAY, "yesterday"),
        ("three days ago", THU_2022_01_06, date(2022, 1, 3), DatePrecision.DAY, "3 days"),
        ("2019-03-20", None, date(2019, 3, 20), DatePrecision.DAY, "explicit"),
    ],
)
def test_expressions_resolve_against_the_publication_date(
    text: str, published: date | None, value: date, precision: DatePrecision, reason_part: str
) -> None:
    found = resolve(text, published)
    assert found is not None, text
    assert found[0] == value
    assert found[1] == precision
    assert reason_part.lower() in found[2].lower()


@pytest.mark.parametrize(
    "text", ["February 30", "six-month", "nearly three decades", "its 10th year", "the 1990s", "Thursday"]
)
def test_impossible_or_durational_or_unanchored_expressions_get_no_guess(text: str) -> None:
    # "Thursday" without a publication date cannot be placed.
    assert resolve(text, None if text == "Thursday" else THU_2022_01_06) is None
