import json
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.servers import serving


class FakeLRS(ThreadingHTTPServer):
    """An LRS that answers every PUT with `status` and keeps what it was sent: for the
    answers a real one gives rarely (503, 409, 400). The real one: test_real_lrs.py."""

    status = 204

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[dict] = []

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/xAPI"


class Handler(BaseHTTPRequestHandler):
    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(
            {"path": self.path, "headers": dict(self.headers), "statement": json.loads(body)}
        )
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_lrs(settings):
    """The fake LRS, up, with the app set to send to it."""
    server = FakeLRS()
    settings.XAPI_ENDPOINT = server.endpoint
    settings.XAPI_USERNAME, settings.XAPI_PASSWORD = "training", "secret"
    with serving(server):
        yield server


@pytest.fixture
def lrs_unreachable(settings):
    """The app set to send to a port nobody listens on: refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.XAPI_ENDPOINT = f"http://127.0.0.1:{port}/xAPI"


@pytest.fixture
def xapi_unset(settings):
    settings.XAPI_ENDPOINT = settings.XAPI_USERNAME = settings.XAPI_PASSWORD = ""
