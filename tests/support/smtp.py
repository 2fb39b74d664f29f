"""A real SMTP server for the tests (aiosmtpd in a thread): the portal sends with Django's SMTP
backend over a socket, and the tests read what was really delivered — the raw message parsed
with the standard library, attachments and all.

``refuse_next(n, code)`` makes the server answer the next ``n`` messages with an error (a 451
the sender should try again later, a 550 it should not), for the outbox's retries."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Delivered:
    avsender: str
    mottakere: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        # As typed: SMTP carries CRLF line ends.
        return part.get_content().replace("\r\n", "\n") if part is not None else ""

    def attachments(self) -> list[tuple[str, str, bytes | str]]:
        """(filename, content type, content) of each attachment."""
        ut = []
        for part in self.message.iter_attachments():
            ut.append((part.get_filename() or "", part.get_content_type(), part.get_content()))
        return ut

    def attachment(self, content_type: str) -> tuple[str, str, bytes | str]:
        found = [a for a in self.attachments() if a[1] == content_type]
        assert found, f"ingen vedlegg av typen {content_type}: {self.attachments()}"
        return found[0]


class _Handler:
    def __init__(self) -> None:
        self.delivered: list[Delivered] = []
        self.refusals: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.delivered.append(Delivered(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class SmtpSink:
    def __init__(self) -> None:
        self.handler = _Handler()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    @property
    def delivered(self) -> list[Delivered]:
        with self.handler.lock:
            return list(self.handler.delivered)

    def to(self, adresse: str) -> list[Delivered]:
        return [d for d in self.delivered if adresse in d.mottakere]

    def refuse_next(self, n: int = 1, svar: str = "451 4.3.0 Prøv igjen senere") -> None:
        with self.handler.lock:
            self.handler.refusals.extend([svar] * n)

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.delivered.clear()
            self.handler.refusals.clear()
