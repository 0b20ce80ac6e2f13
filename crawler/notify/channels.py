"""The channels a message goes out on: email (SMTP), apprise, and a JSON webhook.

`build_channels(config)` (crawler/notify/build.py) checks every watcher's settings and
reads its credentials up front, so a mistake is one clear error before anything is sent. A channel's `send`
returns once the far side has accepted the message and raises `ChannelError` otherwise
(server down, refused, timed out): the notification is then retried later.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, overload
from urllib.parse import urlsplit

from crawler.config import ConfigError, Watcher
from crawler.notify.messages import Message
from crawler.notify.secrets import Secrets, read_secret

logger = logging.getLogger("civcas.notify")

USER_AGENT = "civcas-notify"
# Atom watchers are served by the feed file, not delivered here.
DELIVERED_TYPES = ("email", "apprise", "webhook")


class ChannelError(Exception):
    """The channel did not accept the message; the notification stays pending."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off: wait `first` seconds after the first failed attempt,
    twice as long after each further one, never more than `longest`; give up after
    `max_attempts` attempts."""

    max_attempts: int = 20
    first: float = 60.0
    longest: float = 6 * 3600.0

    def delay(self, attempts: int) -> float:
        return min(self.first * 2 ** max(attempts - 1, 0), self.longest)


@dataclass(frozen=True)
class Outgoing:
    """One notification on its way: the message and the id receivers dedupe on."""

    notification_id: int
    idempotency_key: str
    change_kind: str
    change_id: int
    channel: str
    created_at: str
    message: Message


class _Settings:
    """A watcher's settings, read key by key so unknown keys can be reported."""

    COMMON = {"max_attempts", "retry_seconds", "retry_max_seconds", "timeout"}

    def __init__(self, watcher: Watcher, known: set[str], secrets: Secrets):
        self.name, self.raw, self.secrets = watcher.name, dict(watcher.settings), secrets
        unknown = sorted(set(self.raw) - known - self.COMMON)
        if unknown:
            raise ConfigError(
                f"watcher {self.name}: unknown setting {', '.join(unknown)} for type"
                f" {watcher.type} (known: {', '.join(sorted(known | self.COMMON))})"
            )

    @overload
    def text(self, key: str, default: str) -> str: ...
    @overload
    def text(self, key: str, default: None = None) -> str | None: ...

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.raw.get(key, default)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"watcher {self.name}: {key} must be a string")
        return value

    def required_text(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise ConfigError(f"watcher {self.name}: {key} is required")
        return value

    def number(self, key: str, default: float, low: float = 0) -> float:
        value = self.raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            raise ConfigError(f"watcher {self.name}: {key} must be a number of at least {low}")
        return value

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            raise ConfigError(f"watcher {self.name}: {key} must be true or false")
        return value

    def secret(self, key: str) -> str | None:
        return read_secret(self.name, self.raw, key, self.secrets)

    def url(self, schemes: tuple[str, ...] | None = None) -> str:
        """`url` in the config, or from `url_env`/`url_file` when it holds a token; a
        password written into a plain `url` is refused."""
        secret_url = read_secret(self.name, {k: v for k, v in self.raw.items() if k != "url"},
                                 "url", self.secrets)
        plain = self.text("url")
        if plain and secret_url:
            raise ConfigError(f"watcher {self.name}: set url or url_env/url_file, not both")
        value = plain or secret_url
        if not value:
            raise ConfigError(f"watcher {self.name}: url (or url_env or url_file) is required")
        try:
            parts = urlsplit(value)
            password = parts.password
        except ValueError as exc:
            raise ConfigError(f"watcher {self.name}: url is not a valid URL") from exc
        if plain and password:
            raise ConfigError(
                f"watcher {self.name}: url holds a password; put the whole URL in"
                " url_env or url_file instead"
            )
        self.secrets.add(password)
        if schemes and parts.scheme not in schemes:
            raise ConfigError(f"watcher {self.name}: url must start with {' or '.join(schemes)}://")
        return value

    def retry(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=int(self.number("max_attempts", RetryPolicy.max_attempts, low=1)),
            first=self.number("retry_seconds", RetryPolicy.first),
            longest=self.number("retry_max_seconds", RetryPolicy.longest),
        )


@dataclass
class Channel:
    name: str
    type: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def send(self, out: Outgoing) -> None:  # pragma: no cover - every type overrides it
        raise NotImplementedError


# -- email -----------------------------------------------------------------------------


@dataclass
class EmailChannel(Channel):
    host: str = ""
    port: int = 25
    sender: str = ""
    recipients: tuple[str, ...] = ()
    starttls: bool = False
    use_ssl: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    timeout: float = 30.0

    KEYS = {"host", "port", "from", "to", "starttls", "ssl", "username", "password",
            "password_env", "password_file", "ca_file"}

    @classmethod
    def build(cls, watcher: Watcher, secrets: Secrets) -> EmailChannel:
        s = _Settings(watcher, cls.KEYS, secrets)
        starttls, use_ssl = s.flag("starttls"), s.flag("ssl")
        if starttls and use_ssl:
            raise ConfigError(f"watcher {watcher.name}: set starttls or ssl, not both")
        to = watcher.settings.get("to")
        recipients = (to,) if isinstance(to, str) else tuple(to or ())
        if not recipients or not all(isinstance(r, str) and "@" in r for r in recipients):
            raise ConfigError(f"watcher {watcher.name}: to must be an address or a list of them")
        username, password = s.text("username"), s.secret("password")
        if bool(username) != bool(password):
            raise ConfigError(
                f"watcher {watcher.name}: a login needs both username and password_env"
                " or password_file"
            )
        if password and not (starttls or use_ssl):
            raise ConfigError(
                f"watcher {watcher.name}: refusing to send a password unencrypted;"
                " set starttls = true or ssl = true"
            )
        default_port = 465 if use_ssl else 587 if starttls else 25
        return cls(
            name=watcher.name,
            type=watcher.type,
            retry=s.retry(),
            host=s.required_text("host"),
            port=int(s.number("port", default_port, low=1)),
            sender=s.required_text("from"),
            recipients=recipients,
            starttls=starttls,
            use_ssl=use_ssl,
            username=username,
            password=password,
            ca_file=s.text("ca_file"),
            timeout=s.number("timeout", 30.0, low=1),
        )

    def compose(self, out: Outgoing) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = out.message.subject
        mail["From"] = self.sender
        mail["To"] = ", ".join(self.recipients)
        mail["Date"] = formatdate(usegmt=True)
        # The same Message-ID on a retry lets mail systems drop a duplicate.
        mail["Message-ID"] = f"<{out.idempotency_key}@civcas>"
        mail["X-Civcas-Change"] = f"{out.change_kind} {out.change_id}"
        mail.set_content(out.message.text)
        return mail

    def send(self, out: Outgoing) -> None:
        mail = self.compose(out)
        where = f"SMTP {self.host}:{self.port}"
        try:
            context = ssl.create_default_context(cafile=self.ca_file)
            smtp: smtplib.SMTP
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with smtp:
                if self.starttls:
                    smtp.starttls(context=context)
                if self.username and self.password is not None:  # from_config: both or neither
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(mail)
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            raise ChannelError(f"{where}: {_describe(exc)}") from None
        if refused:
            # The others have it: sending again would duplicate it for them.
            logger.warning("%s: %s refused notification %s", where, ", ".join(refused),
                           out.notification_id)


# -- apprise ---------------------------------------------------------------------------


@dataclass
class AppriseChannel(Channel):
    url: str = field(default="", repr=False)
    # an apprise.Apprise: apprise is imported only when such a watcher is configured
    _apprise: Any = field(default=None, repr=False)

    KEYS = {"url", "url_env", "url_file"}

    @classmethod
    def build(cls, watcher: Watcher, secrets: Secrets) -> AppriseChannel:
        import apprise

        s = _Settings(watcher, cls.KEYS, secrets)
        url = s.url()
        notifier = apprise.Apprise()
        if not notifier.add(url):
            # The URL may hold a token, so it is not repeated here.
            raise ConfigError(f"watcher {watcher.name}: apprise does not understand the url")
        return cls(name=watcher.name, type=watcher.type, retry=s.retry(), url=url,
                   _apprise=notifier)

    def send(self, out: Outgoing) -> None:
        import apprise

        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
            accepted = self._apprise.notify(title=out.message.subject, body=out.message.text)
        if not accepted:
            lines = [line for line in captured.getvalue().splitlines() if line.strip()]
            raise ChannelError("apprise: " + (" / ".join(lines[-3:]) or "the service refused"))


# -- webhook ---------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would lose its body or go somewhere not configured: an error.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class WebhookChannel(Channel):
    url: str = field(default="", repr=False)
    token: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    KEYS = {"url", "url_env", "url_file", "token", "token_env", "token_file"}

    @classmethod
    def build(cls, watcher: Watcher, secrets: Secrets) -> WebhookChannel:
        s = _Settings(watcher, cls.KEYS, secrets)
        url = s.url(schemes=("http", "https"))
        return cls(name=watcher.name, type=watcher.type, retry=s.retry(), url=url,
                   token=s.secret("token"), timeout=s.number("timeout", 30.0, low=1))

    @staticmethod
    def payload(out: Outgoing) -> dict:
        return {
            "id": out.idempotency_key,
            "notification_id": out.notification_id,
            "channel": out.channel,
            "change_kind": out.change_kind,
            "change_id": out.change_id,
            "queued_at": out.created_at,
            "subject": out.message.subject,
            "text": out.message.text,
            "url": out.message.url,
            "change": out.message.data,
        }

    def send(self, out: Outgoing) -> None:
        body = json.dumps(self.payload(out), ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": out.idempotency_key,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        opener = urllib.request.build_opener(_NoRedirects)
        where = f"webhook {_safe_url(self.url)}"
        try:
            with opener.open(request, timeout=self.timeout) as response:
                response.read(65536)
        except urllib.error.HTTPError as exc:
            raise ChannelError(f"{where}: HTTP {exc.code} {exc.reason}") from None
        except (OSError, ValueError) as exc:
            raise ChannelError(f"{where}: {_describe(exc)}") from None


def _safe_url(url: str) -> str:
    """Scheme, host and port only: paths and queries often carry tokens."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)  # URLError wraps the socket error
    if isinstance(reason, BaseException):
        exc = reason
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"
