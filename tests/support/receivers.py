"""Real receivers for notification tests: an SMTP server (aiosmtpd, with optional
STARTTLS and login), an HTTP receiver that records JSON POSTs, a self-signed certificate,
and the contract's civcas-report tables for branches where they do not exist yet."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import ssl
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- TLS --------------------------------------------------------------------------------


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return cert_file, key_file


# -- SMTP -------------------------------------------------------------------------------


class SmtpSink:
    """An SMTP server on 127.0.0.1 keeping every message it accepts."""

    def __init__(self, tls: tuple[Path, Path] | None = None, logins: dict | None = None):
        self.messages: list = []
        self.logins_seen: list[str] = []
        self._logins = logins
        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            kwargs.update(tls_context=context, require_starttls=True)
        if logins is not None:
            kwargs.update(authenticator=self._authenticate, auth_required=True)
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            if self._logins.get(login) == password:
                self.logins_seen.append(login)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    async def handle_DATA(self, server, session, envelope):
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(mail)
        return "250 Message accepted for delivery"

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()


# -- HTTP -------------------------------------------------------------------------------


class HttpReceiver:
    """Records every POST (headers and JSON body) and answers with `status`."""

    def __init__(self, port: int | None = None, status: int = 200):
        self.port = port or free_port()
        self.status = status
        self.posts: list[dict] = []
        self.on_post = None  # called after a POST is recorded, before the answer
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.posts.append({
                    "path": self.path,
                    "headers": dict(self.headers.items()),
                    "json": json.loads(body),
                })
                if receiver.on_post:
                    receiver.on_post()
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


# -- the civcas-report tables of the contract ----------------------------------------------

CONTRACT_TABLES = """
CREATE TABLE IF NOT EXISTS civcas_reports (
    id INTEGER PRIMARY KEY, document_id INTEGER, version_id INTEGER, published TEXT,
    month_covered TEXT, carried_over INTEGER, received_new INTEGER, completed INTEGER,
    credible INTEGER, non_credible INTEGER, duplicate INTEGER, still_open INTEGER,
    reopened INTEGER, deaths_this_report INTEGER, cumulative_strikes INTEGER,
    cumulative_civilian_deaths INTEGER);
CREATE TABLE IF NOT EXISTS allegations (
    id INTEGER PRIMARY KEY, report_id INTEGER, item INTEGER, allegation_date TEXT,
    location TEXT, place TEXT, country TEXT, reporting_source TEXT, assessment TEXT,
    reason_category TEXT, reason_text TEXT, civilians_killed INTEGER,
    civilians_injured INTEGER, corrected_from_date TEXT, duplicate_of TEXT,
    allegation_key TEXT);
CREATE TABLE IF NOT EXISTS assessment_changes (
    id INTEGER PRIMARY KEY, allegation_key TEXT, from_report_id INTEGER,
    to_report_id INTEGER, field TEXT, old_value TEXT, new_value TEXT, detected_at TEXT);
"""


def ensure_contract_tables(db) -> None:
    """The contract's tables, created only where no migration has made them yet."""
    db.executescript(CONTRACT_TABLES)
