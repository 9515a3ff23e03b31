"""The one date parser: every accepted form, every error message, and the preview."""

from __future__ import annotations

from datetime import date, time

import pytest

from amtui.domain.when import (
    DATE_FORMS,
    DateError,
    When,
    describe_when,
    looks_like_time,
    parse_day,
    parse_optional_day,
    parse_optional_when,
    parse_when,
)

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)
SUNDAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-30", date(2026, 11, 30)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2026-1-5", date(2026, 1, 5)),
        ("today", MONDAY),
        ("tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("+3d", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("-3d", date(2026, 11, 20)),
        ("-2w", date(2026, 11, 9)),
        ("+0d", MONDAY),
        ("+10d", date(2026, 12, 3)),
        ("next week", date(2026, 11, 30)),
        ("1900-01-01", date(1900, 1, 1)),
        ("2200-12-31", date(2200, 12, 31)),
    ],
)
def test_date_forms(text: str, day: date) -> None:
    assert parse_when(text, MONDAY) == When(day)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("mon", date(2026, 11, 30)),  # never today: on a Monday, mon is a week later
        ("tue", date(2026, 11, 24)),
        ("wed", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("sun", date(2026, 11, 29)),
        ("monday", date(2026, 11, 30)),
        ("friday", date(2026, 11, 27)),
        ("sunday", date(2026, 11, 29)),
    ],
)
def test_weekday_names_mean_the_next_such_day(text: str, day: date) -> None:
    assert parse_day(text, MONDAY) == day


@pytest.mark.parametrize(
    ("today", "text", "day"),
    [
        (FRIDAY, "fri", date(2026, 12, 4)),
        (FRIDAY, "thu", date(2026, 12, 3)),
        (FRIDAY, "sat", date(2026, 11, 28)),
        (FRIDAY, "mon", date(2026, 11, 30)),
        (SUNDAY, "mon", date(2026, 11, 30)),
        (SUNDAY, "sun", date(2026, 12, 6)),
    ],
)
def test_weekday_names_from_other_days(today: date, text: str, day: date) -> None:
    assert parse_day(text, today) == day


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (MONDAY, date(2026, 11, 30)),
        (FRIDAY, date(2026, 11, 30)),
        (SUNDAY, date(2026, 11, 30)),
        (date(2026, 12, 31), date(2027, 1, 4)),
    ],
)
def test_next_week_is_the_monday_of_next_week(today: date, monday: date) -> None:
    assert parse_day("next week", today) == monday


@pytest.mark.parametrize(
    "text",
    ["TOMORROW", "Tomorrow", "  tomorrow  ", "\ttomorrow\n", "tomorrow "],
)
def test_case_and_surrounding_whitespace_are_ignored(text: str) -> None:
    assert parse_day(text, MONDAY) == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Next Week", date(2026, 11, 30)),
        ("next    week", date(2026, 11, 30)),
        ("FRI", FRIDAY),
        ("Friday", FRIDAY),
        ("+3D", date(2026, 11, 26)),
        ("-2W", date(2026, 11, 9)),
    ],
)
def test_other_forms_ignore_case_and_extra_spaces(text: str, day: date) -> None:
    assert parse_day(text, MONDAY) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 14:30", When(date(2026, 11, 24), time(14, 30))),
        ("2026-11-30 9:05", When(date(2026, 11, 30), time(9, 5))),
        ("fri 00:00", When(FRIDAY, time(0, 0))),
        ("next week 23:59", When(date(2026, 11, 30), time(23, 59))),
        ("+2d 08:15", When(date(2026, 11, 25), time(8, 15))),
        ("14:30", When(MONDAY, time(14, 30))),
        (" 7:00 ", When(MONDAY, time(7, 0))),
        ("Today   14:30", When(MONDAY, time(14, 30))),
    ],
)
def test_an_optional_time_follows_the_date(text: str, expected: When) -> None:
    assert parse_when(text, MONDAY) == expected


def test_when_defaults_to_no_time() -> None:
    assert When(MONDAY).at is None


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_a_date_is_required(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, MONDAY)
    assert str(caught.value) == "a date is required"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("31/02", "'31/02'"),
        ("  31/02  ", "'31/02'"),
        ("Someday", "'Someday'"),
        ("next", "'next'"),
        ("next month", "'next month'"),
        ("tomorrow tomorrow", "'tomorrow tomorrow'"),
        ("2026-11-30T10:00", "'2026-11-30T10:00'"),
        ("Foo 14:30", "'Foo 14:30'"),
        ("14:30 tomorrow", "'14:30 tomorrow'"),
        ("9:5", "'9:5'"),
        ("26-11-30", "'26-11-30'"),
        ("fr", "'fr'"),
    ],
)
def test_unknown_forms_quote_the_text_and_list_the_forms(
    text: str, quoted: str
) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, MONDAY)
    assert str(caught.value) == f"{quoted} is not a date I know: write {DATE_FORMS}"


def test_the_forms_hint_names_every_form() -> None:
    assert DATE_FORMS == "YYYY-MM-DD, today, tomorrow, +3d, +2w, mon…sun, next week"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-31", "2026-02-31 is not a date: February 2026 has 28 days"),
        ("2026-02-29", "2026-02-29 is not a date: February 2026 has 28 days"),
        ("2024-02-30", "2024-02-30 is not a date: February 2024 has 29 days"),
        ("2026-04-31", "2026-04-31 is not a date: April 2026 has 30 days"),
        ("2026-13-01", "2026-13-01 is not a date: there is no month 13"),
        ("2026-00-10", "2026-00-10 is not a date: there is no month 0"),
        ("2026-01-00", "2026-01-00 is not a date: there is no day 0"),
    ],
)
def test_impossible_iso_dates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, MONDAY)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", ["+x", "+3y", "+d", "-", "+", "+3", "+3dd", "+-3d"])
def test_relative_forms_need_a_number_of_days_or_weeks(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, MONDAY)
    assert str(caught.value) == (
        f"'{text}': write a number of days or weeks, like +3d or +2w"
    )


def test_relative_errors_quote_the_text_as_typed() -> None:
    with pytest.raises(DateError) as caught:
        parse_when("  +3Y ", MONDAY)
    assert str(caught.value).startswith("'+3Y': write a number")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("tomorrow 25:00", "25:00"),
        ("12:61", "12:61"),
        ("24:00", "24:00"),
        ("fri 99:99", "99:99"),
    ],
)
def test_impossible_times_say_the_range(text: str, shown: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, MONDAY)
    assert str(caught.value) == (
        f"{shown} is not a time: use HH:MM from 00:00 to 23:59"
    )


@pytest.mark.parametrize(
    ("text", "today", "shown"),
    [
        ("1899-12-31", MONDAY, "1899-12-31"),
        ("2201-01-01", MONDAY, "2201-01-01"),
        ("0000-13-45", MONDAY, "0000-13-45"),
        ("+99999999d", MONDAY, "+99999999d"),
        ("-99999999w", MONDAY, "-99999999w"),
        ("+" + "9" * 5000 + "d", MONDAY, "+" + "9" * 5000 + "d"),
        ("+100000w", MONDAY, "+100000w"),
        ("tomorrow", date(2200, 12, 31), "tomorrow"),
        ("yesterday 10:00", date(1900, 1, 1), "yesterday"),
        ("Mon", date(2200, 12, 31), "Mon"),
    ],
)
def test_dates_outside_the_supported_years_are_refused(
    text: str, today: date, shown: str
) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, today)
    assert str(caught.value) == f"{shown} is out of range (years 1900 to 2200)"


def test_leading_zeros_do_not_count_as_a_huge_number() -> None:
    assert parse_day("+0000000000003d", MONDAY) == date(2026, 11, 26)


def test_non_ascii_digits_are_not_numbers() -> None:
    with pytest.raises(DateError) as caught:
        parse_when("+\u0663d", MONDAY)  # ARABIC-INDIC DIGIT THREE
    assert "write a number of days or weeks" in str(caught.value)


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize("text", ["tomorrow 14:30", "14:30", "2026-11-30 9:05"])
def test_parse_day_refuses_a_time_of_day(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_day(text, MONDAY)
    assert str(caught.value) == "this date takes no time of day"


def test_parse_day_reports_a_bad_date_before_the_time() -> None:
    with pytest.raises(DateError) as caught:
        parse_day("2026-02-31 10:00", MONDAY)
    assert str(caught.value) == "2026-02-31 is not a date: February 2026 has 28 days"


@pytest.mark.parametrize("text", ["", "  ", "\t"])
def test_optional_parsers_read_blank_as_nothing(text: str) -> None:
    assert parse_optional_when(text, MONDAY) is None
    assert parse_optional_day(text, MONDAY) is None


def test_optional_parsers_parse_the_rest() -> None:
    assert parse_optional_when(" fri 9:00 ", MONDAY) == When(FRIDAY, time(9, 0))
    assert parse_optional_day("fri", MONDAY) == FRIDAY


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parse_optional_when, "nope", "'nope' is not a date I know"),
        (parse_optional_day, "fri 9:00", "this date takes no time of day"),
    ],
)
def test_optional_parsers_still_refuse_bad_text(parse, text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse(text, MONDAY)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("when", "preview"),
    [
        (When(FRIDAY), "Fri 27 Nov 2026 · in 4 days"),
        (When(MONDAY, time(14, 30)), "Mon 23 Nov 2026 14:30 · today"),
        (When(date(2026, 11, 24)), "Tue 24 Nov 2026 · tomorrow"),
        (When(date(2026, 11, 22)), "Sun 22 Nov 2026 · yesterday"),
        (When(date(2026, 11, 19)), "Thu 19 Nov 2026 · 4 days ago"),
        (When(date(2026, 12, 2), time(9, 5)), "Wed 2 Dec 2026 09:05 · in 9 days"),
        (When(date(2026, 11, 21)), "Sat 21 Nov 2026 · 2 days ago"),
        (When(date(2027, 1, 1)), "Fri 1 Jan 2027 · in 39 days"),
        (When(date(2026, 5, 5)), "Tue 5 May 2026 · 202 days ago"),
        (When(date(2026, 11, 25)), "Wed 25 Nov 2026 · in 2 days"),
    ],
)
def test_describe_when(when: When, preview: str) -> None:
    assert describe_when(when, MONDAY) == preview


@pytest.mark.parametrize(
    ("month", "shown"),
    [
        (1, "Thu 1 Jan 2026"),
        (2, "Sun 1 Feb 2026"),
        (3, "Sun 1 Mar 2026"),
        (4, "Wed 1 Apr 2026"),
        (5, "Fri 1 May 2026"),
        (6, "Mon 1 Jun 2026"),
        (7, "Wed 1 Jul 2026"),
        (8, "Sat 1 Aug 2026"),
        (9, "Tue 1 Sep 2026"),
        (10, "Thu 1 Oct 2026"),
        (11, "Sun 1 Nov 2026"),
        (12, "Tue 1 Dec 2026"),
    ],
)
def test_describe_when_uses_english_names(month: int, shown: str) -> None:
    day = date(2026, month, 1)
    assert describe_when(When(day), day) == f"{shown} · today"


@pytest.mark.parametrize(
    ("word", "shaped"),
    [("14:30", True), ("9:05", True), ("25:00", True), ("9:5", False), ("fri", False)],
)
def test_looks_like_time(word: str, shaped: bool) -> None:
    assert looks_like_time(word) is shaped
