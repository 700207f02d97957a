"""A real SMTP server (aiosmtpd) and a fake GOV.UK Notify API, both on loopback."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from aiosmtpd.controller import Controller

NOTIFY_SERVICE_ID = "11111111-2222-3333-4444-555555555555"
NOTIFY_SECRET = "66666666-7777-8888-9999-000000000000"
NOTIFY_KEY = f"portal_test-{NOTIFY_SERVICE_ID}-{NOTIFY_SECRET}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """Collects every email the SMTP server accepts."""

    def __init__(self):
        self.messages: list[dict] = []

    async def handle_DATA(self, _server, _session, envelope):
        self.messages.append({"to": envelope.rcpt_tos, "data": envelope.content.decode("utf-8", "replace")})
        return "250 OK"


class SmtpServer:
    """An SMTP server that tests can stop and start again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    yield server
    server.stop()


class FakeNotify:
    """Answers like GOV.UK Notify after checking the request as Notify would."""

    def __init__(self):
        self.requests: list[dict] = []
        self.fail_with: int | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, NOTIFY_SECRET, algorithms=["HS256"])
                    assert claims["iss"] == NOTIFY_SERVICE_ID
                except Exception:  # noqa: BLE001
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                fake.requests.append({"path": self.path, "body": body})
                if fake.fail_with:
                    return self._answer(fake.fail_with, {"errors": [{"error": "Fail", "message": "no"}]})
                self._answer(201, {"id": f"notify-{len(fake.requests)}", "reference": body.get("reference")})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_notify():
    fake = FakeNotify()
    yield fake
    fake.close()
