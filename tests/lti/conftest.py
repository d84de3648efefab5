from functools import partial

import pytest
from django.test import Client

from tests.servers import serving

from .platform import Platform, register


@pytest.fixture
def platform():
    running = Platform()
    with serving(running.server):
        yield running


@pytest.fixture
def registered(db, platform):
    return register(platform)


@pytest.fixture
def browser():
    """A browser's cookies across the login and the launch."""
    return Client()


@pytest.fixture
def https_browser():
    """A browser reaching the tool over HTTPS, as in production, where pylti1p3 ties the
    launch to the login by a cookie of its own (over HTTP it keeps the state by id only)."""
    client = Client()
    client.get = partial(client.get, secure=True)
    client.post = partial(client.post, secure=True)
    return client
