"""The request and response heads exactly as they crossed the wire.

Twisted's HTTP/1.1 client hands Scrapy a parsed response: header names lower-cased
(then re-capitalised by Scrapy, so `ETag` becomes `Etag`), repeated headers regrouped,
connection headers (`Connection`, `Keep-Alive`, `Transfer-Encoding`) dropped and the
reason phrase lost. The request Twisted really sends (its `Host`, its header order) is
never seen by Scrapy either. An evidence archive wants both heads as they were.

`WireHeadsFactory` builds connections whose protocol keeps a copy of the bytes written
for each request up to the end of its head, and of the bytes received up to the end of
the response head. When the response's headers are parsed, the pair is handed over
(`take_heads`) to the download handler in the same synchronous call chain that leads
Scrapy to its `headers_received` signal; the handler checks that the head matches the
response Scrapy parsed before the capture middleware writes it. Anything unexpected (a
head split by bare LFs, a head over the size cap, a mismatch) leaves the heads out, and
the record is written from Scrapy's parsed view as before.

A header line over MAX_HEAD_BYTES makes Twisted's parser drop the connection and the
request fail; the request then fails with `HeadTooLarge` instead, carrying the bytes
received up to the cap, so the capture middleware can still archive them.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.core.downloader.handlers.http11 import (
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
)

# A head longer than this is not kept; no header line may be longer either (Twisted's own
# limit of 16 KB per line is raised to it).
MAX_HEAD_BYTES = 256 * 1024
_END = b"\r\n\r\n"


class HeadTooLarge(Exception):
    """The response head went over MAX_HEAD_BYTES and the HTTP client gave up on it.
    Not a Twisted `ResponseFailed`: Scrapy would wrap it and retry it, in vain."""

    def __init__(self, received: bytes, request_head: bytes | None):
        super().__init__(f"the response head is over {MAX_HEAD_BYTES} bytes; "
                         f"the first {len(received)} bytes are archived, marked truncated")
        self.received = received          # the response's first MAX_HEAD_BYTES, as received
        self.request_head = request_head  # the request head as sent, when it was kept


@dataclass(frozen=True)
class WireHeads:
    request: bytes | None   # request line and headers, ending with CRLF CRLF
    response: bytes | None  # status line and headers, ending with CRLF CRLF


_handed_over: WireHeads | None = None


def take_heads() -> WireHeads | None:
    """The heads of the response whose headers were parsed last, once."""
    global _handed_over
    heads, _handed_over = _handed_over, None
    return heads


def final_response_head(received: bytes) -> bytes | None:
    """The first non-1xx response head in `received` (CRLF line ends), or None."""
    start = 0
    while True:
        end = received.find(_END, start)
        if end < 0:
            return None
        head = received[start:end + len(_END)]
        if b"\n" in head.replace(b"\r\n", b""):
            return None  # bare LF line ends: the parser's view is safer
        status = head.split(b" ", 2)[1:2]
        if not (status and status[0][:1] == b"1" and len(status[0]) == 3):
            return head
        start = end + len(_END)  # an interim answer (100 Continue): the final one follows


class _SentHeadTee:
    """Stands in for the transport while a request is written: keeps the bytes up to the
    end of the head, passes everything through."""

    def __init__(self, transport):
        self._transport = transport
        self._sent = bytearray()
        self.head: bytes | None = None

    def _keep(self, data: bytes) -> None:
        if self.head is not None or len(self._sent) > MAX_HEAD_BYTES:
            return
        self._sent += data
        end = self._sent.find(_END)
        if end >= 0:
            self.head = bytes(self._sent[:end + len(_END)])
            self._sent = bytearray()

    def write(self, data: bytes) -> None:
        self._keep(data)
        self._transport.write(data)

    def writeSequence(self, seq) -> None:  # noqa: N802  Twisted's name
        seq = list(seq)
        for data in seq:
            self._keep(data)
        self._transport.writeSequence(seq)

    def __getattr__(self, name):
        return getattr(self._transport, name)


class WireHeadsProtocol(_LenientHTTP11ClientProtocol):
    _received: bytearray | None = None

    def request(self, request):
        real = self.transport
        tee = _SentHeadTee(real)
        self._received = bytearray()
        # duck-typed like Twisted's own transport proxies: no ITransport to declare
        self.transport = tee  # type: ignore[assignment]
        try:
            d = super().request(request)
        finally:
            self.transport = real
        if self._parser is not None:
            # Twisted drops a response with a header line over 16 KB and nothing of it is
            # archived; a head up to MAX_HEAD_BYTES is kept and archived like any other.
            self._parser.MAX_LENGTH = MAX_HEAD_BYTES
        proxy = getattr(self, "_transportProxy", None)
        if proxy is not None:
            proxy._producer = real  # only the writing needed the tee

        def hand_over(response):
            global _handed_over
            received, self._received = self._received, None
            _handed_over = WireHeads(
                tee.head, final_response_head(bytes(received)) if received is not None else None)
            return response

        def head_refused(failure):
            received, self._received = self._received, None
            if received is not None and len(received) > MAX_HEAD_BYTES:
                cut = bytes(received[:MAX_HEAD_BYTES])
                if _END not in cut:  # the head alone filled the cap: the parser's refusal
                    raise HeadTooLarge(cut, tee.head)
            return failure

        return d.addCallbacks(hand_over, head_refused)

    def dataReceived(self, data: bytes) -> None:  # noqa: N802  Twisted's name
        received = self._received
        if received is not None and len(received) <= MAX_HEAD_BYTES:
            received += data
        super().dataReceived(data)


class WireHeadsFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr):  # noqa: N802  Twisted's name
        return WireHeadsProtocol(self._quiescentCallback)
