"""Careless and hostile input on a laptop desk: connection errors, typed numbers."""

from __future__ import annotations

import pytest

from trusted_trader.domain.numbers import parse_number
from trusted_trader.store.postgres import connection_problem, without_password

URL = "postgresql+psycopg://jdoe:hunter2@db.center.example:6543/team?sslmode=require"


@pytest.mark.parametrize(
    ("driver_text", "says"),
    [
        ('connection to server at "10.0.0.5", port 6543 failed: Connection refused', "refused"),
        ("failed to resolve host 'db.center.example': [Errno -2]", "is not known"),
        ('FATAL:  password authentication failed for user "jdoe"', "password for jdoe"),
        ("fe_sendauth: no password supplied", "asks for a password"),
        ("connection timeout expired", "did not answer in time"),
        ('FATAL:  database "team" does not exist', "no database team"),
        ("server does not support SSL, but SSL was required", "offers no encryption"),
        ("a {brace} and %s in an unforeseen reason\nsecond line", "a {brace} and %s"),
        ("", "no reason given"),
        (f"odd failure for {URL}", "odd failure"),
    ],
)
def test_a_connection_problem_is_one_sentence_without_secrets(driver_text: str, says: str) -> None:
    message = connection_problem(URL, driver_text)
    assert message.startswith("Cannot connect to the team database team on db.center.example")
    assert says in message and message.endswith(".") and "\n" not in message
    assert "hunter2" not in message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://ann:secret@h:1/tt",
        "postgresql+psycopg://ann:secret@h/tt?sslmode=require",
        "postgresql+psycopg://ann:s%40cret@h/tt",
    ],
)
def test_a_shown_address_never_holds_the_password(url: str) -> None:
    assert "cret" not in without_password(url)


@pytest.mark.parametrize(
    ("typed", "decimal", "says"),
    [
        ("12,5", ".", "only groups thousands"),
        ("1e9", ".", "is not a number"),
        ("1E-3", ".", "is not a number"),
        ("\u22125", ".", "cannot be negative"),  # a Unicode minus, pasted from a document
        ("\u20135", ".", "cannot be negative"),  # an en dash typed as a minus
        ("\u0663", ".", "digits 0 to 9"),  # Arabic-Indic three
        ("\uff15", ".", "digits 0 to 9"),  # a full-width five
        ("9" * 40, ".", "too large"),
        ("inf", ".", "is not a number"),
        ("nan", ".", "is not a number"),
        ("0x10", ".", "is not a number"),
        ("1,2,3", ".", "only groups thousands"),
        ("1.234.567", ".", "is not a number"),
        ("12.5", ",", "only groups thousands"),
        ("", ".", "is empty"),
        ("--5", ".", "is not a number"),
        ("5-", ".", "is not a number"),
        ("1\x00", ".", "is not a number"),
    ],
)
def test_a_typed_number_that_is_not_one_is_refused_with_a_reason(
    typed: str, decimal: str, says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        parse_number(typed, decimal=decimal)


@pytest.mark.parametrize(
    ("typed", "decimal", "value"),
    [
        ("12,5", ",", 12.5),
        ("1.234,5", ",", 1234.5),
        ("1,234.5", ".", 1234.5),
        ("$1,000", ".", 1000.0),
        (" 42 ", ".", 42.0),
        ("1 234", ".", 1234.0),
        (".5", ".", 0.5),
    ],
)
def test_a_number_written_as_the_locale_writes_it_is_read(
    typed: str, decimal: str, value: float
) -> None:
    assert parse_number(typed, decimal=decimal) == value


def test_a_negative_sign_is_read_where_negatives_are_allowed() -> None:
    assert parse_number("\u22125", negative=True) == -5.0


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://jdoe:hunter2@127.0.0.1:1/team?connect_timeout=3",
        "postgresql+psycopg://jdoe:hunter2@127.0.0.1:1/team?sslmode=require&connect_timeout=3",
    ],
)
def test_opening_a_team_database_that_refuses_says_so_in_a_sentence(url: str) -> None:
    from trusted_trader.errors import describe
    from trusted_trader.services.store import open_store

    with pytest.raises(Exception) as raised:
        open_store(url, actor="jdoe@cbp.dhs.gov")
    message, is_bug = describe(raised.value)
    assert not is_bug
    assert message.startswith("Cannot connect to the team database team on 127.0.0.1: ")
    for internal in ("hunter2", "psycopg", "://", "sslmode", "\n"):
        assert internal not in message
