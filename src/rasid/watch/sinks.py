"""Deliver an alert to a text stream, a JSON lines file, a webhook, or by email.

:func:`sink_from_config` checks a rule's sink settings when the rules are loaded, not when
the first alert fires. ``deliver`` never raises for a delivery problem: it returns a
:class:`Delivery` with ``ok=False`` and the reason, so one broken sink does not stop the
others. Programming errors (an alert that is not JSON-able) still raise.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import smtplib
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Protocol, TextIO

from rasid.errors import AlertError

KINDS = ("stdout", "jsonl", "webhook", "email")
MAX_DELAY = 60.0  # seconds: the retry delay doubles per attempt up to this
SUBJECT_LIMIT = 150
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_ADDRESS = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+")
# Line breaks that json.dumps(ensure_ascii=False) leaves raw but str.splitlines() and
# JavaScript readers split on; escaped so that one alert stays one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


@dataclass(frozen=True)
class Delivery:
    """The outcome of delivering one alert to one sink."""

    ok: bool
    sink: str
    attempts: int
    error: str | None = None


class Sink(Protocol):
    def deliver(self, alert: dict) -> Delivery: ...

    def describe(self) -> str: ...


class _Failure(Exception):
    """One attempt failed; ``retry`` says whether another attempt may succeed."""

    def __init__(self, reason: str, *, retry: bool):
        super().__init__(reason)
        self.retry = retry


def _with_retries(sink: Sink, send: Callable[[], None], retries: int, backoff: float) -> Delivery:
    attempt = 0
    while True:
        attempt += 1
        try:
            send()
        except _Failure as failure:
            if not failure.retry or attempt > retries:
                return Delivery(False, sink.describe(), attempt, str(failure))
        else:
            return Delivery(True, sink.describe(), attempt)
        time.sleep(min(backoff * 2 ** (attempt - 1), MAX_DELAY))


def _one_line(value: object) -> str:
    """Text on one line, without control characters (news text reaches terminals)."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())


def _period(value: object) -> str:
    if isinstance(value, Mapping) and "start" in value and "end" in value:
        return _one_line(f"{value['start']} to {value['end']}")
    return _one_line(value)


def _evidence(item: Mapping[str, Any]) -> tuple[str, str]:
    """One evidence item as (a one-line summary, its link)."""
    fatalities = item.get("fatalities")
    deaths = "fatalities unknown" if fatalities is None else f"{fatalities} fatalities"
    where = item.get("location") or "unknown location"
    summary = (
        f"{item.get('date') or 'undated'}, {where}: {deaths} (incident {item.get('incident')})"
    )
    return _one_line(summary), _one_line(item.get("url") or "no link")


@dataclass(frozen=True)
class StdoutSink:
    """One readable line per alert, then its evidence indented, on a text stream."""

    stream: TextIO | None = None  # None: sys.stdout at delivery time

    def describe(self) -> str:
        return "stdout"

    def deliver(self, alert: dict) -> Delivery:
        lines = [
            f"[rasid] {_one_line(alert.get('rule'))}: {_one_line(alert.get('message'))}"
            f" ({_period(alert.get('period'))}; method: {_one_line(alert.get('method'))})"
        ]
        lines += [
            f"    - {summary} {url}" for summary, url in map(_evidence, alert.get("evidence") or [])
        ]
        try:
            stream = sys.stdout if self.stream is None else self.stream
            stream.write("\n".join(lines) + "\n")
            stream.flush()
        except OSError as error:
            return Delivery(False, self.describe(), 1, f"cannot write to stdout: {error}")
        return Delivery(True, self.describe(), 1)


@dataclass(frozen=True)
class JsonlSink:
    """Appends each alert as one JSON line; the file's folder must already exist."""

    path: Path

    def describe(self) -> str:
        return f"jsonl {self.path}"

    def deliver(self, alert: dict) -> Delivery:
        line = json.dumps(alert, ensure_ascii=False)
        for raw, escaped in _LINE_BREAKS.items():
            line = line.replace(raw, escaped)
        try:
            with open(self.path, "a", encoding="utf-8", newline="\n") as out:
                out.write(line + "\n")
        except OSError as error:
            folder = self.path.parent
            reason = (
                f"folder {folder} does not exist"
                if isinstance(error, FileNotFoundError) and not folder.is_dir()
                else error.strerror or str(error)
            )
            return Delivery(False, self.describe(), 1, f"cannot append to {self.path}: {reason}")
        return Delivery(True, self.describe(), 1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuses redirects: following one would turn the POST into a body-less GET."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _redact(url: str) -> str:
    """The URL without credentials, query or fragment, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


@dataclass(frozen=True)
class WebhookSink:
    """POSTs the alert as JSON; retries connection errors, timeouts, 5xx and 429."""

    url: str = field(repr=False)
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles per retry
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"webhook {_redact(self.url)}"

    def deliver(self, alert: dict) -> Delivery:
        body = json.dumps(alert, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "rasid"}
        headers.update(self.headers)

        def send() -> None:
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            opener = urllib.request.build_opener(_NoRedirect)  # reads the proxy variables now
            try:
                with opener.open(request, timeout=self.timeout) as response:
                    response.read(1 << 16)
            except urllib.error.HTTPError as error:
                error.close()
                retry = error.code >= 500 or error.code == 429
                raise _Failure(f"HTTP {error.code} {error.reason}", retry=retry) from None
            except urllib.error.URLError as error:
                raise _Failure(f"cannot connect: {error.reason}", retry=True) from None
            except (OSError, http.client.HTTPException) as error:
                raise _Failure(f"{type(error).__name__}: {error}", retry=True) from None

        return _with_retries(self, send, self.retries, self.backoff)


def email_message(alert: Mapping[str, Any], sender: str, to: tuple[str, ...]) -> EmailMessage:
    """The alert as a plain-text email: the message, period, method and linked evidence."""
    subject = _one_line(f"[rasid] {alert.get('message')}")
    if len(subject) > SUBJECT_LIMIT:
        subject = subject[: SUBJECT_LIMIT - 1].rstrip() + "…"
    lines = [str(alert.get("message")), ""]
    lines += [f"{key.title()}: {_period(alert.get(key))}" for key in ("rule", "unit", "period")]
    lines += [f"Method: {_period(alert.get('method'))}", "", "Evidence:"]
    for summary, url in map(_evidence, alert.get("evidence") or []):
        lines += [f"- {summary}", f"  {url}"]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content("\n".join(lines) + "\n")
    return message


def _smtp_reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {_one_line(text)}"


@dataclass(frozen=True)
class EmailSink:
    """Sends the alert over SMTP; retries connection errors and temporary (4xx) replies."""

    to: tuple[str, ...]
    sender: str = "rasid@localhost"
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0

    def describe(self) -> str:
        return f"email {', '.join(self.to)} via {self.host}:{self.port}"

    def deliver(self, alert: dict) -> Delivery:
        message = email_message(alert, self.sender, self.to)

        def send() -> None:
            try:
                with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                    if self.starttls:
                        smtp.starttls(context=ssl.create_default_context())
                    if self.username is not None:
                        smtp.login(self.username, self.password or "")
                    refused = smtp.send_message(message)
            except smtplib.SMTPRecipientsRefused as error:
                replies = error.recipients.items()
                reason = "; ".join(f"{to}: {_smtp_reply(*reply)}" for to, reply in replies)
                retry = all(400 <= code < 500 for code, _ in error.recipients.values())
                raise _Failure(f"recipients refused: {reason}", retry=retry) from None
            except smtplib.SMTPResponseException as error:
                reply = _smtp_reply(error.smtp_code, error.smtp_error)
                retry = not 500 <= error.smtp_code < 600  # 4xx, or -1 for no reply
                raise _Failure(f"SMTP server replied {reply}", retry=retry) from None
            except smtplib.SMTPServerDisconnected as error:
                raise _Failure(f"SMTP server disconnected: {error}", retry=True) from None
            except (smtplib.SMTPException, ssl.SSLError) as error:
                raise _Failure(f"{type(error).__name__}: {error}", retry=False) from None
            except OSError as error:
                where = f"{self.host}:{self.port}"
                raise _Failure(f"connection to {where} failed: {error}", retry=True) from None
            if refused:  # accepted for some recipients: retrying would send them duplicates
                reason = "; ".join(f"{to}: {_smtp_reply(*reply)}" for to, reply in refused.items())
                raise _Failure(f"sent, but refused for {reason}", retry=False)

        return _with_retries(self, send, self.retries, self.backoff)


class _Settings:
    """One sink's settings, read so that every error names the rule and the field."""

    def __init__(self, rule: str, where: str, settings: Mapping[str, Any], allowed=()):
        self.rule, self.where, self.settings = rule, where, settings
        for key in settings if allowed else ():
            if key not in allowed:
                raise self.error(key, f"unknown setting; expected one of {', '.join(allowed)}")

    def error(self, key: object, message: str) -> AlertError:
        where = f"{self.where}.{key}" if key is not None else self.where
        return AlertError(f"rule {self.rule!r}: {where}: {message}")

    def seconds(self, key: str, default: float) -> float:
        value = self.settings.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e9:
            raise self.error(key, f"expected a positive number of seconds, got {value!r}")
        return float(value)

    def whole(self, key: str, default: int, low: int, high: int) -> int:
        value = self.settings.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(key, f"expected a whole number from {low} to {high}, got {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        value = self.settings.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty string, got {value!r}")
        return value

    def address(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
            raise self.error(key, f"expected an email address like name@example.org, got {value!r}")
        return value

    def expand(self, key: str, value: str) -> str:
        """``value`` with each ``${NAME}`` replaced by that environment variable."""

        def lookup(match: re.Match) -> str:
            if match.group(1) not in os.environ:
                raise self.error(key, f"environment variable {match.group(1)} is not set")
            return os.environ[match.group(1)]

        return _ENV_REFERENCE.sub(lookup, value)

    def env(self, key: str) -> str | None:
        """The value of the environment variable that setting ``key`` names, if given."""
        if key not in self.settings:
            return None
        name = self.text(key)
        if name not in os.environ:
            raise self.error(key, f"environment variable {name} is not set")
        return os.environ[name]


def _webhook(settings: _Settings) -> WebhookSink:
    url = settings.expand("url", settings.text("url"))
    try:
        parts = urllib.parse.urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a bad IPv6 address or port
        valid = False
    if not valid or not url.isprintable() or " " in url:
        raise settings.error("url", f"expected an http:// or https:// URL, got {_redact(url)!r}")
    headers = settings.settings.get("headers", {})
    if not isinstance(headers, Mapping):
        raise settings.error("headers", f"expected a mapping of names to values, got {headers!r}")
    expanded = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise settings.error("headers", f"expected header names, got {name!r}")
        value = settings.expand(f"headers.{name}", value) if isinstance(value, str) else None
        if value is None or "\r" in value or "\n" in value:
            raise settings.error(f"headers.{name}", "expected a one-line string")
        expanded[name] = value
    return WebhookSink(
        url=url,
        timeout=settings.seconds("timeout", 10.0),
        retries=settings.whole("retries", 3, 0, 10),
        backoff=settings.seconds("backoff", 1.0),
        headers=expanded,
    )


def _email(settings: _Settings) -> EmailSink:
    to = settings.settings.get("to")
    to = [to] if isinstance(to, str) else to
    if not isinstance(to, list | tuple) or not to:
        raise settings.error("to", f"expected a list of email addresses, got {to!r}")
    starttls = settings.settings.get("starttls", False)
    if not isinstance(starttls, bool):
        raise settings.error("starttls", f"expected true or false, got {starttls!r}")
    username, password = settings.env("username_env"), settings.env("password_env")
    if password is not None and username is None:
        raise settings.error("password_env", "given without username_env")
    return EmailSink(
        to=tuple(settings.address("to", address) for address in to),
        sender=settings.address("from", settings.settings.get("from", "rasid@localhost")),
        host=settings.text("host", "localhost"),
        port=settings.whole("port", 25, 1, 65535),
        starttls=starttls,
        username=username,
        password=password,
        timeout=settings.seconds("timeout", 10.0),
        retries=settings.whole("retries", 2, 0, 10),
        backoff=settings.seconds("backoff", 1.0),
    )


_WEBHOOK = ("url", "timeout", "retries", "backoff", "headers")
_EMAIL = ("to", "from", "host", "port", "starttls", "username_env", "password_env")
_EMAIL += ("timeout", "retries", "backoff")


def sink_from_config(
    config: Mapping[str, Any] | str, rule: str, *, where: str = "send", stream: TextIO | None = None
) -> Sink:
    """The sink that ``config`` describes; raises AlertError naming the rule and the field.

    ``where`` names the setting in messages (``send[1]`` for a list's second entry);
    ``stream`` is where a stdout sink writes (default: ``sys.stdout``).
    """
    if config == "stdout":
        return StdoutSink(stream)
    top = _Settings(rule, where, {})
    if not isinstance(config, Mapping) or len(config) != 1:
        raise top.error(None, f"expected stdout or a mapping with one of {', '.join(KINDS)}")
    [(kind, value)] = config.items()
    if kind not in KINDS:
        raise top.error(None, f"unknown sink kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "stdout" and value is not True:
        raise top.error(kind, f"expected true, got {value!r}")
    if kind == "jsonl" and (not isinstance(value, str | os.PathLike) or not str(value).strip()):
        raise top.error(kind, f"expected a file path, got {value!r}")
    if kind == "webhook" and isinstance(value, str):
        value = {"url": value}
    if kind in ("webhook", "email") and not isinstance(value, Mapping):
        raise top.error(kind, f"expected a mapping, got {value!r}")
    if kind == "stdout":
        return StdoutSink(stream)
    if kind == "jsonl":
        return JsonlSink(Path(value).expanduser())
    if kind == "webhook":
        return _webhook(_Settings(rule, f"{where}.webhook", value, _WEBHOOK))
    return _email(_Settings(rule, f"{where}.email", value, _EMAIL))
