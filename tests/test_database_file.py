"""A SQLite file restored under a running server is the one the next request writes to:
a connection opened on the file that was there before is closed when a request starts.

(A test that replaces the test database's file under a live connection passes with or
without this in WAL mode here, so it would prove nothing; the rule is tested instead.)"""

import pytest
from django.db import connection
from django.test import Client

from quiz import database_file
from tests.factories import make_user


@pytest.mark.django_db(transaction=True)
def test_a_connection_whose_file_was_replaced_is_closed_before_the_next_request(monkeypatch):
    make_user("ana")
    Client().get("/")
    connection.ensure_connection()
    database_file.remember_the_file(None, connection)
    kept = connection.connection
    Client().get("/")
    assert connection.connection is kept  # the same file: the connection is kept
    monkeypatch.setattr(database_file, "file_identity", lambda c: (0, 0))  # another file
    Client().get("/")
    if connection.vendor == "sqlite":
        assert connection.connection is not kept  # reopened, on the file now there
    else:
        assert connection.connection is kept  # PostgreSQL has no file: left alone
