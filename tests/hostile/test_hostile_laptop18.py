"""Careless and hostile input on a laptop desk: connection errors, typed numbers."""

from __future__ import annotations

import pytest

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
