"""Real servers on loopback for the messaging tests: an SMTP server (aiosmtpd)
and an HTTP server that answers as DingTalk's and WeCom's robot endpoints do.

The robot server checks what the platforms check, from its own copy of each
robot's credentials: DingTalk's token, its timestamp (refused more than an hour
from this server's clock) and its signature (recomputed here: HMAC-SHA256 keyed
with the secret over "<timestamp>\\n<secret>", Base64), and its 20 messages a
minute; WeCom's key and its 4096-byte markdown limit. It answers with the
platforms' error bodies and records every message it accepted."""
import asyncio
import base64
import email
import email.policy
import hashlib
import hmac
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller

HOLD_SECONDS = 60
# aiosmtpd narrates every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Hold:
    """Keeps the next request unanswered (after recording it) until released:
    the worker waiting for the answer can be killed in between."""

    def __init__(self):
        self.armed = False
        self.arrived = threading.Event()
        self.release = threading.Event()

    def wait_if_armed(self) -> None:
        if self.armed:
            self.armed = False
            self.arrived.set()
            self.release.wait(HOLD_SECONDS)


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage


class Mailbox:
    """aiosmtpd handler: records every message; refuses the recipients listed."""

    def __init__(self):
        self.mails: list[Mail] = []
        self.refuse: dict[str, str] = {}   # address -> SMTP reply
        self.hold = Hold()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), message))
        await asyncio.get_running_loop().run_in_executor(None, self.hold.wait_if_armed)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.mailbox.hold.release.set()
        self.controller.stop()


def dingtalk_sign(timestamp: str, secret: str) -> str:
    """DingTalk's signature, as the platform computes it to compare (not URL-encoded)."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass
class RobotPlatform:
    dingtalk: dict[str, str] = field(default_factory=dict)   # access_token -> secret
    wecom: set[str] = field(default_factory=set)              # keys
    received: list[dict] = field(default_factory=list)        # accepted messages
    refused: list[dict] = field(default_factory=list)         # the error bodies answered
    accepted_at: dict[str, list[int]] = field(default_factory=dict)  # token -> timestamps (ms)
    wecom_busy: int = 0                                       # answer 45009 to this many requests
    hold: Hold = field(default_factory=Hold)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def dingtalk_answer(self, query: dict, body: dict) -> dict:
        token = query.get("access_token", [""])[0]
        if token not in self.dingtalk:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        timestamp = query.get("timestamp", [""])[0]
        if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600 * 1000:
            return {"errcode": 310000, "errmsg": "invalid timestamp"}
        if query.get("sign", [""])[0] != dingtalk_sign(timestamp, self.dingtalk[token]):
            return {"errcode": 310000, "errmsg": "sign not match"}
        markdown = body.get("markdown") or {}
        if body.get("msgtype") != "markdown" or not markdown.get("title") or not markdown.get("text"):
            return {"errcode": 40035, "errmsg": "缺少参数 json"}
        recent = [t for t in self.accepted_at.get(token, []) if t > int(timestamp) - 60_000]
        if len(recent) >= 20:
            return {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
        self.accepted_at.setdefault(token, []).append(int(timestamp))
        self.received.append({"platform": "dingtalk", "token": token, "timestamp": int(timestamp),
                              "title": markdown["title"], "text": markdown["text"]})
        return {"errcode": 0, "errmsg": "ok"}

    def wecom_answer(self, query: dict, body: dict) -> dict:
        key = query.get("key", [""])[0]
        if key not in self.wecom:
            return {"errcode": 93000, "errmsg": "invalid webhook url, hint: [1] from ip: 127.0.0.1"}
        if self.wecom_busy:
            self.wecom_busy -= 1
            return {"errcode": 45009, "errmsg": "api freq out of limit"}
        content = (body.get("markdown") or {}).get("content", "")
        if body.get("msgtype") != "markdown" or not content:
            return {"errcode": 40008, "errmsg": "invalid message type"}
        if len(content.encode("utf-8")) > 4096:
            return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        self.received.append({"platform": "wecom", "key": key, "content": content})
        return {"errcode": 0, "errmsg": "ok"}


class _Handler(BaseHTTPRequestHandler):
    platform: RobotPlatform

    def do_POST(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = {}
        answer = {"/robot/send": self.platform.dingtalk_answer,
                  "/cgi-bin/webhook/send": self.platform.wecom_answer}.get(parts.path)
        if answer is None:
            self.send_error(404)
            return
        with self.platform.lock:
            result = answer(query, body)
            if result["errcode"]:
                self.platform.refused.append(result)
        if not result["errcode"]:
            self.platform.hold.wait_if_armed()
        data = json.dumps(result, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet: the tests read what was recorded
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that gave up waiting (a held answer) closed its socket: expected here."""


class RobotServer:
    def __init__(self):
        self.platform = RobotPlatform()
        handler = type("Handler", (_Handler,), {"platform": self.platform})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.platform.hold.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)
