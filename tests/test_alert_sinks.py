"""Alert sinks: stdout, JSON lines, webhook and email, against servers on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from rasid.errors import AlertError
from rasid.watch.sinks import Delivery, JsonlSink, WebhookSink, sink_from_config

RULE = "diyala-deaths"


@pytest.fixture
def alert() -> dict:
    return {
        "rule": RULE,
        "unit": "Diyala",
        "period": {"start": "2024-05-01", "end": "2024-05-07"},
        "method": "threshold",
        "message": "12 deaths in Diyala this week (threshold 10) \u2028 Ba\u2018qubah",
        "evidence": [
            {
                "incident": 41,
                "date": "2024-05-03",
                "location": "Baqubah",
                "fatalities": 7,
                "url": "https://news.example.org/a/1",
            },
            {
                "incident": 42,
                "date": "2024-05-05",
                "location": "Muqdadiyah",
                "fatalities": None,
                "url": "https://news.example.org/a/2",
            },
        ],
    }


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 must not go through a proxy from the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# stdout and JSON lines


def test_stdout_writes_one_line_then_indented_evidence(alert):
    out = io.StringIO()
    delivery = sink_from_config("stdout", RULE, stream=out).deliver(alert)
    assert delivery == Delivery(ok=True, sink="stdout", attempts=1, error=None)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"[rasid] {RULE}: 12 deaths in Diyala")
    assert "2024-05-01 to 2024-05-07" in lines[0] and "threshold" in lines[0]
    assert (
        lines[1]
        == "    - 2024-05-03, Baqubah: 7 fatalities (incident 41) https://news.example.org/a/1"
    )
    assert lines[2].startswith("    - 2024-05-05, Muqdadiyah: fatalities unknown")
    assert sink_from_config({"stdout": True}, RULE, stream=out).describe() == "stdout"


def test_jsonl_appends_one_parseable_line_per_alert(tmp_path, alert):
    path = tmp_path / "alerts.jsonl"
    sink = sink_from_config({"jsonl": str(path)}, RULE)
    second = {**alert, "message": "line\u2029break\u0085and\nnewline"}
    assert sink.deliver(alert).ok and sink.deliver(second).ok
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [alert, second]
    assert "Ba\u2018qubah" in lines[0]  # not \\u-escaped: the file stays readable


def test_jsonl_missing_folder_is_a_failed_delivery(tmp_path, alert):
    path = tmp_path / "missing" / "alerts.jsonl"
    delivery = JsonlSink(path).deliver(alert)
    assert not delivery.ok and delivery.attempts == 1
    assert str(path) in delivery.error and "does not exist" in delivery.error
    assert not path.parent.exists()


# webhook


@pytest.fixture
def webhook_server():
    """Starts HTTP servers on 127.0.0.1 answering a script of status codes; stops them after."""
    started = []

    def start(statuses=(200,), hang: float = 0.0):
        received: list[tuple[dict, bytes]] = []
        script = list(statuses)
        release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append((dict(self.headers), body))
                if hang:  # answer nothing until the test ends (or `hang` seconds pass)
                    release.wait(hang)
                    return
                status = script.pop(0) if len(script) > 1 else script[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        started.append((server, thread, release))
        return f"http://127.0.0.1:{server.server_port}/hook", received

    yield start
    for server, thread, release in started:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_webhook_posts_the_alert_as_json_with_headers(webhook_server, monkeypatch, alert):
    url, received = webhook_server()
    monkeypatch.setenv("RASID_TEST_TOKEN", "s3cret")
    config = {"webhook": {"url": url, "headers": {"Authorization": "Bearer ${RASID_TEST_TOKEN}"}}}
    sink = sink_from_config(config, RULE)
    delivery = sink.deliver(alert)
    assert delivery == Delivery(ok=True, sink=f"webhook {url}", attempts=1, error=None)
    [(headers, body)] = received
    assert json.loads(body.decode("utf-8")) == alert
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Authorization"] == "Bearer s3cret"
    assert "s3cret" not in repr(sink)


def test_webhook_retries_server_errors_then_succeeds(webhook_server, alert):
    url, received = webhook_server((500, 500, 200))
    delivery = WebhookSink(url, timeout=5, retries=3, backoff=0.01).deliver(alert)
    assert delivery.ok and delivery.attempts == 3 and delivery.error is None
    assert len(received) == 3


def test_webhook_does_not_retry_a_client_error(webhook_server, alert):
    url, received = webhook_server((400,))
    delivery = WebhookSink(url, timeout=5, retries=3, backoff=0.01).deliver(alert)
    assert not delivery.ok and delivery.attempts == 1 and "400" in delivery.error
    assert len(received) == 1


def test_webhook_gives_up_after_retries_on_a_server_that_never_answers(webhook_server, alert):
    url, received = webhook_server(hang=5.0)
    delivery = WebhookSink(url, timeout=0.2, retries=1, backoff=0.01).deliver(alert)
    assert not delivery.ok and delivery.attempts == 2
    assert "timed out" in delivery.error
    assert len(received) == 2


def test_webhook_to_a_closed_port_is_a_failed_delivery(alert):
    url = f"http://127.0.0.1:{closed_port()}/hook"
    delivery = WebhookSink(url, timeout=1, retries=1, backoff=0.01).deliver(alert)
    assert not delivery.ok and delivery.attempts == 2 and "cannot connect" in delivery.error


# email


class Inbox:
    """An aiosmtpd handler that keeps each message; replies with `replies` first, if any."""

    def __init__(self, replies=()):
        self.envelopes = []
        self.replies = list(replies)

    async def handle_DATA(self, server, session, envelope):
        if self.replies:
            return self.replies.pop(0)
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    """Starts an SMTP server on 127.0.0.1; stops it after the test."""
    controllers = []

    def start(inbox: Inbox) -> int:
        port = closed_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, ready_timeout=5)
        controller.start()
        controllers.append(controller)
        return port

    yield start
    for controller in controllers:
        controller.stop()


def email_config(port: int, **more) -> dict:
    settings = {"to": ["analyst@example.org"], "from": "rasid@example.org", "host": "127.0.0.1"}
    return {"email": {**settings, "port": port, "timeout": 5, "backoff": 0.01, **more}}


def test_email_arrives_with_subject_and_evidence_links(smtp_server, alert):
    inbox = Inbox()
    sink = sink_from_config(email_config(smtp_server(inbox)), RULE)
    delivery = sink.deliver(alert)
    assert delivery.ok and delivery.attempts == 1, delivery.error
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "rasid@example.org"
    assert envelope.rcpt_tos == ["analyst@example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert (
        message["Subject"] == "[rasid] 12 deaths in Diyala this week (threshold 10) Ba\u2018qubah"
    )
    body = message.get_content()
    assert "Period: 2024-05-01 to 2024-05-07" in body and "Method: threshold" in body
    assert "https://news.example.org/a/1" in body and "https://news.example.org/a/2" in body
    assert "Baqubah: 7 fatalities (incident 41)" in body


def test_email_subject_is_one_short_line(smtp_server, alert):
    inbox = Inbox()
    sink = sink_from_config(email_config(smtp_server(inbox)), RULE)
    assert sink.deliver({**alert, "message": "word\n" * 100}).ok
    message = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    assert len(message["Subject"]) <= 150 and "\n" not in message["Subject"]


def test_email_retries_a_temporary_refusal(smtp_server, alert):
    inbox = Inbox(replies=["451 try again later"])
    delivery = sink_from_config(email_config(smtp_server(inbox), retries=2), RULE).deliver(alert)
    assert delivery.ok and delivery.attempts == 2
    assert len(inbox.envelopes) == 1


def test_email_does_not_retry_a_permanent_refusal(smtp_server, alert):
    inbox = Inbox(replies=["554 no thanks"] * 3)
    delivery = sink_from_config(email_config(smtp_server(inbox), retries=2), RULE).deliver(alert)
    assert not delivery.ok and delivery.attempts == 1 and "554" in delivery.error


def test_email_to_a_closed_port_is_a_failed_delivery(alert):
    sink = sink_from_config(email_config(closed_port(), retries=1), RULE)
    delivery = sink.deliver(alert)
    assert not delivery.ok and delivery.attempts == 2
    assert "connection to 127.0.0.1" in delivery.error


# configuration


BAD_CONFIGS = [
    ({"sms": "+964 000"}, "send: unknown sink kind 'sms'"),
    ({"stdout": True, "jsonl": "a.jsonl"}, "send: expected stdout or a mapping"),
    (42, "send: expected stdout"),
    ({"stdout": "yes"}, "send.stdout: expected true"),
    ({"jsonl": 3}, "send.jsonl: expected a file path"),
    ({"webhook": "ftp://example.org/hook"}, "send.webhook.url: expected an http"),
    ({"webhook": "http://"}, "send.webhook.url: expected an http"),
    ({"webhook": {"url": "https://example.org", "timeout": -1}}, "send.webhook.timeout:"),
    ({"webhook": {"url": "https://example.org", "retries": 1.5}}, "send.webhook.retries:"),
    ({"webhook": {"url": "https://example.org", "tmeout": 1}}, "send.webhook.tmeout: unknown"),
    (
        {"webhook": {"url": "https://example.org", "headers": {"X-Token": "${RASID_TEST_UNSET}"}}},
        "send.webhook.headers.X-Token: environment variable RASID_TEST_UNSET is not set",
    ),
    ({"webhook": {"url": "https://example.org/${RASID_TEST_UNSET}"}}, "send.webhook.url:"),
    ({"email": {"from": "rasid@example.org"}}, "send.email.to: expected a list"),
    ({"email": {"to": ["not an address"]}}, "send.email.to: expected an email address"),
    ({"email": {"to": "a@example.org", "port": 0}}, "send.email.port:"),
    ({"email": {"to": "a@example.org", "starttls": "no"}}, "send.email.starttls:"),
    (
        {"email": {"to": "a@example.org", "username_env": "RASID_TEST_UNSET"}},
        "send.email.username_env: environment variable RASID_TEST_UNSET is not set",
    ),
    ({"email": "a@example.org"}, "send.email: expected a mapping"),
]


@pytest.mark.parametrize(("config", "expected"), BAD_CONFIGS)
def test_bad_config_names_the_rule_and_the_field(monkeypatch, config, expected):
    monkeypatch.delenv("RASID_TEST_UNSET", raising=False)
    with pytest.raises(AlertError) as caught:
        sink_from_config(config, RULE)
    assert str(caught.value).startswith(f"rule '{RULE}': ")
    assert expected in str(caught.value)
    assert caught.value.code == "bad_alert_rules"


def test_bad_timeout_message_is_specific():
    with pytest.raises(AlertError) as caught:
        sink_from_config({"webhook": {"url": "https://example.org", "timeout": "soon"}}, RULE)
    assert str(caught.value) == (
        "rule 'diyala-deaths': send.webhook.timeout: "
        "expected a positive number of seconds, got 'soon'"
    )


def test_good_configs_take_defaults(monkeypatch):
    monkeypatch.setenv("RASID_TEST_USER", "rasid")
    monkeypatch.setenv("RASID_TEST_PASSWORD", "hunter2")
    hook = sink_from_config({"webhook": "https://user:pw@example.org/hook?key=1"}, RULE)
    assert (hook.timeout, hook.retries, hook.backoff) == (10.0, 3, 1.0)
    assert hook.describe() == "webhook https://example.org/hook"
    mail = sink_from_config(
        {
            "email": {
                "to": "a@example.org",
                "username_env": "RASID_TEST_USER",
                "password_env": "RASID_TEST_PASSWORD",
            }
        },
        RULE,
        where="send[2]",
    )
    assert (mail.host, mail.port, mail.retries, mail.username) == ("localhost", 25, 2, "rasid")
    assert "hunter2" not in repr(mail)
    assert mail.describe() == "email a@example.org via localhost:25"
