"""A SQLite file replaced under a running server (a backup restored) is the one the next
request reads and writes.

A worker keeps its connection for CONN_MAX_AGE, and a SQLite connection keeps the file it
opened, even once another file has taken its name: for ten minutes the saves went to the
old one and were lost. Each request now compares the file under the name with the one the
connection opened (device and inode, one stat call) and reconnects when they differ.
Opening SQLite afresh on every request would do it too, but costs a fifth of the take
page's speed (docs/BENCHMARKS.md).
"""

import os

from django.core.signals import request_started
from django.db import connections
from django.db.backends.signals import connection_created


def file_identity(connection) -> tuple[int, int] | None:
    try:
        found = os.stat(connection.settings_dict["NAME"])
    except (OSError, TypeError, ValueError):  # in memory, or not there (yet)
        return None
    return found.st_dev, found.st_ino


def remember_the_file(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.opened_file = file_identity(connection)


def close_if_the_file_was_replaced(**kwargs):
    for connection in connections.all(initialized_only=True):
        if connection.vendor != "sqlite" or connection.connection is None:
            continue
        opened = getattr(connection, "opened_file", None)
        if (
            opened is not None
            and file_identity(connection) != opened
            and not connection.in_atomic_block
        ):
            connection.close()


def watch_database_files():
    connection_created.connect(remember_the_file, dispatch_uid="quiz.database_file.remember")
    request_started.connect(close_if_the_file_was_replaced, dispatch_uid="quiz.database_file.close")
