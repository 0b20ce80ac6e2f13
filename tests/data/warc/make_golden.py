"""Generate the golden WARC file used by tests/test_warc_writer.py.

Run once from the checkout root:  .venv/bin/python tests/data/warc/make_golden.py
Regenerate only when the on-disk format changes on purpose, and inspect the result
(``zcat tests/data/warc/*.warc.gz | less``) against the spec before committing it.
"""
from __future__ import annotations

import gzip
import itertools
import sys
from datetime import datetime, timezone
from pathlib import Path

CLOCK = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)
BEGAN = datetime(2024, 5, 6, 7, 8, 10, tzinfo=timezone.utc)
INFO = {
    "software": "civcas/golden",
    "hostname": "golden-host",
    "operator": "civcas test suite <tests@example.org>",
    "http-header-user-agent": "civcas/golden (+https://example.org/civcas)",
    "robots": "obey",
}
HTML = b"<!doctype html><title>Strike report</title><p>Caf\xc3\xa9 hit.</p>\n"


def exchanges(HttpExchange):
    """The exchanges written to the golden file (HttpExchange passed in)."""
    gz = gzip.compress(HTML, mtime=0)
    main = HttpExchange(
        url="https://www.example.org/reports/2017?id=42&lang=en",
        method="GET",
        request_headers=[("User-Agent", INFO["http-header-user-agent"]),
                         ("Accept", "text/html"), ("Accept-Encoding", "gzip, br")],
        request_body=b"",
        protocol="HTTP/1.1", status=200, reason="",
        response_headers=[("Date", "Mon, 06 May 2024 07:08:10 GMT"),
                          ("Content-Type", "text/html; charset=utf-8"),
                          ("Content-Encoding", "gzip"),
                          ("Transfer-Encoding", "chunked"),
                          ("Set-Cookie", "session=abc; Path=/; HttpOnly"),
                          ("Set-Cookie", "lang=en; Path=/")],
        body=gz, began_at=BEGAN, ip_address="192.0.2.10")
    not_modified = HttpExchange(
        url="https://www.example.org/reports/2017?id=42&lang=en", method="GET",
        request_headers=[("Host", "www.example.org"), ("If-None-Match", '"v1"')],
        request_body=b"", protocol="HTTP/1.1", status=304, reason="Not Modified",
        response_headers=[("ETag", '"v1"')], body=b"",
        began_at=datetime(2024, 5, 7, 0, 0, 0, 500000, tzinfo=timezone.utc))
    cut = HttpExchange(
        url="http://example.org/big.pdf", method="GET", request_headers=[],
        request_body=b"", protocol="HTTP/1.0", status=200, reason="Okay",
        response_headers=[("Content-Type", "application/pdf"), ("Content-Length", "99999")],
        body=b"%PDF-1.4\n%partial", began_at=BEGAN, truncated="length")
    return main, not_modified, cut


def write_golden(directory: Path) -> Path:
    """Write the golden file into ``directory`` with a fixed clock and ids; return it."""
    from archive.warc import WarcWriter, HttpExchange

    counter = itertools.count(1)
    new_id = lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(counter):012d}>"  # noqa: E731
    main, not_modified, cut = exchanges(HttpExchange)
    with WarcWriter(directory, info=INFO, clock=lambda: CLOCK, new_id=new_id,
                    file_suffix=lambda: "golden") as w:
        req, resp = w.write_exchange(main)
        w.write_resource("urn:dom:" + main.url, "text/html; charset=utf-8",
                         b"<html><body>rendered</body></html>",
                         concurrent_to=resp.record_id, began_at=BEGAN)
        w.write_revisit(main, refers_to_uri=main.url, refers_to_date=resp.warc_date,
                        refers_to_id=resp.record_id)
        w.write_revisit(not_modified, refers_to_uri=main.url, refers_to_date=resp.warc_date,
                        refers_to_id=resp.record_id, profile="server-not-modified",
                        payload_digest=resp.payload_digest)
        w.write_exchange(cut)
        return w.current_file


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[3]
    sys.path.insert(0, str(root))
    out = Path(__file__).resolve().parent
    for old in out.glob("*.warc.gz"):
        old.unlink()
    print(write_golden(out))
