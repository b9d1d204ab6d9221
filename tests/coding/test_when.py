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
        ("March 30", date(1998, 2, 13), date(1998, 3, 30), DatePrecision.DAY, "year of publication"),
        ("August 6", date(1998, 2, 13), date(1997, 8, 6), DatePrecision.DAY, "year before"),
        ("last February", date(1998, 3, 1), date(1997, 2, 1), DatePrecision.MONTH, "year before"),
        ("June last year", date(1998, 2, 19), date(1997, 6, 1), DatePrecision.MONTH, "last year"),
        ("Saturday, April 25", date(1998, 4, 24), date(1998, 4, 25), DatePrecision.DAY, "month and day"),
        ("nineteen ninety-six", date(1998, 2, 27), date(1996, 1, 1), DatePrecision.YEAR, "in words"),
        ("the year two thousand", date(1998, 2, 27), date(2000, 1, 1), DatePrecision.YEAR, "in words"),
        ("late yesterday", date(1991, 2, 25), date(1991, 2, 24), DatePrecision.DAY, "yesterday"),
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


def test_a_clause_that_looks_ahead_takes_the_next_day_or_month() -> None:
    assert resolve("Monday", date(1998, 3, 22), future=True)[0] == date(1998, 3, 23)  # type: ignore[index]
    assert resolve("August", date(1998, 2, 13), future=True)[0] == date(1998, 8, 1)  # type: ignore[index]
    assert resolve("Monday", date(1998, 3, 22))[0] == date(1998, 3, 16)  # type: ignore[index]


@pytest.mark.parametrize(
    "text", ["February 30", "six-month", "nearly three decades", "its 10th year", "the 1990s", "Thursday"]
)
def test_impossible_or_durational_or_unanchored_expressions_get_no_guess(text: str) -> None:
    # "Thursday" without a publication date cannot be placed.
    assert resolve(text, None if text == "Thursday" else THU_2022_01_06) is None
