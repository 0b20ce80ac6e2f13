"""Reading WARCs: civcas's reader against warcio's ArchiveIterator alone (a benchmark, not a test).

    .venv/bin/python bench/warc_read.py [--pages 2000] [--rounds 5]

archive/reader.py parses every record with warcio and keeps its own code for the gzip
member framing, a few format rules and the digest check. This measures, in one run and
on the same file, what that costs against warcio alone, and shows what each way reports
on the damage civcas must tell apart:

* iterate: every record of a file with its offset, length and payload:
  `iter_records` against `ArchiveIterator` + `raw_stream` + `get_record_offset/length`;
* random: one record per capture at its offset/length (replay, reextract):
  `read_record` against a seek + `ArchiveIterator` + `raw_stream`;
* digests: every block and payload digest checked: `verify_warc` against
  `ArchiveIterator(check_digests=True)` (what `warcio check` does).

Rounds alternate the order of the two ways; the medians and their ratio are printed
(quote ratios: the machine is small and shared). Then three damaged copies: the file cut
inside its last member (a killed writer), a `length` one byte short of its member (a bad
row), a revisit whose block was altered.
"""
from __future__ import annotations

import argparse
import gzip
import io
import statistics
import tempfile
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reader import iter_records, read_record, verify_warc, warc_path
from archive.warc import HttpExchange, WarcWriter

BEGAN = datetime(2024, 5, 6, tzinfo=timezone.utc)


def _write(folder: Path, pages: int) -> tuple[Path, list, list]:
    """A file of `pages` exchanges (about 20 KB of HTML each) and a revisit for every
    tenth; returns its path, the responses and the revisits as written."""
    body = b"<p>A strike near the river; two civilians reported hurt.</p>\n" * 330
    responses, revisits = [], []
    with WarcWriter(folder, info={"hostname": "bench"}, max_bytes=1 << 40) as w:
        for i in range(pages):
            exchange = HttpExchange(
                url=f"https://example.org/release/{i}", method="GET",
                request_headers=[("Host", "example.org")], request_body=b"",
                protocol="HTTP/1.1", status=200, reason="OK",
                response_headers=[("Content-Type", "text/html; charset=utf-8"),
                                  ("Server", "bench")],
                body=body + str(i).encode(), began_at=BEGAN + timedelta(seconds=i))
            _, resp = w.write_exchange(exchange)
            responses.append(resp)
            if i % 10 == 0:
                _, rev = w.write_revisit(exchange, refers_to_uri=exchange.url,
                                         refers_to_date=resp.warc_date,
                                         refers_to_id=resp.record_id)
                revisits.append(rev)
        path = w.current_file
    return path, responses, revisits


def _iterate_civcas(path: Path, records) -> int:
    return sum(len(rec.payload) for _, _, rec in iter_records(path))


def _iterate_warcio(path: Path, records) -> int:
    total = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            total += len(rec.raw_stream.read())
            it.get_record_offset(), it.get_record_length()
    return total


def _random_civcas(path: Path, records) -> int:
    return sum(len(read_record(path.parent, path.name, r.offset, r.length).payload)
               for r in records)


def _warcio_at(fh, offset: int):
    fh.seek(offset)
    return next(iter(ArchiveIterator(fh)))


def _random_warcio(path: Path, records) -> int:
    total = 0
    for r in records:   # the file checked and opened per record, as read_record does
        with open(warc_path(path.parent, path.name), "rb") as fh:
            total += len(_warcio_at(fh, r.offset).raw_stream.read())
    return total


def _digests_civcas(path: Path, records) -> int:
    return len(verify_warc(path))


def _warcio_check(path: Path) -> list[str]:
    problems = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, check_digests=True):
            rec.content_stream().read()
            problems += rec.digest_checker.problems
    return problems


def _digests_warcio(path: Path, records) -> int:
    return len(_warcio_check(path))


PAIRS = {
    "iterate": (_iterate_civcas, _iterate_warcio),
    "random": (_random_civcas, _random_warcio),
    "digests": (_digests_civcas, _digests_warcio),
}


def _timed(fn, path, records) -> float:
    started = time.perf_counter()
    fn(path, records)
    return time.perf_counter() - started


def _damage(path: Path, responses: list, revisits: list, folder: Path) -> None:
    data = path.read_bytes()
    last = responses[-1]

    cut = folder / "cut.warc.gz"
    cut.write_bytes(data[: last.offset + last.length // 2])
    try:
        civcas = f"{sum(1 for _ in iter_records(cut))} records, no error"
    except Exception as exc:  # noqa: BLE001 - what each way says is the point
        civcas = f"{type(exc).__name__}: {exc}"
    try:
        with open(cut, "rb") as fh:
            warcio = f"{sum(1 for _ in ArchiveIterator(fh))} records, no error"
    except Exception as exc:  # noqa: BLE001
        warcio = f"{type(exc).__name__}: {exc}"
    whole = len(list(iter_records(path))) - 1
    print(f"file cut inside its last member ({whole} whole records before the cut):")
    print(f"  civcas: {civcas}\n  warcio: {warcio}")

    short = last.length - 1
    try:
        read_record(path.parent, path.name, last.offset, short)
        civcas = "a record, no error"
    except Exception as exc:  # noqa: BLE001
        civcas = f"{type(exc).__name__}: {exc}"
    with open(path, "rb") as fh:
        fh.seek(last.offset)
        member = io.BytesIO(fh.read(short))
    try:
        it = ArchiveIterator(member)
        rec = next(iter(it))
        payload = rec.raw_stream.read()
        warcio = (f"a record of {len(payload)} payload bytes, length "
                  f"{it.get_record_length()}, no error")
    except Exception as exc:  # noqa: BLE001
        warcio = f"{type(exc).__name__}: {exc}"
    print("a length one byte short of its member:")
    print(f"  civcas: {civcas}\n  warcio: {warcio}")

    rev = revisits[0]
    raw = zlib.decompress(data[rev.offset: rev.offset + rev.length], 31)
    forged = gzip.compress(raw.replace(b"Server: bench", b"Server: bencH"))
    tampered = folder / "tampered.warc.gz"
    tampered.write_bytes(data[: rev.offset] + forged + data[rev.offset + rev.length:])
    print("a revisit whose block was altered:")
    print(f"  civcas: {verify_warc(tampered) or 'no problem'}")
    print(f"  warcio: {_warcio_check(tampered) or 'no problem'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="civcas-bench-") as tmp:
        folder = Path(tmp)
        path, responses, revisits = _write(folder, args.pages)
        records = responses + revisits
        print(f"{path.stat().st_size / 1e6:.1f} MB, {args.pages} exchanges, "
              f"{len(revisits)} revisits; {args.rounds} rounds")
        for name, (ours, theirs) in PAIRS.items():
            assert ours(path, records) == theirs(path, records), name   # same answer
            times: dict[str, list[float]] = {"civcas": [], "warcio": []}
            for round_ in range(args.rounds):
                order = [("civcas", ours), ("warcio", theirs)]
                for label, fn in order if round_ % 2 == 0 else order[::-1]:
                    times[label].append(_timed(fn, path, records))
            a, b = statistics.median(times["civcas"]), statistics.median(times["warcio"])
            print(f"{name:8} civcas {a:.3f}s  warcio {b:.3f}s  civcas/warcio = {a / b:.2f}")
        _damage(path, responses, revisits, folder)


if __name__ == "__main__":
    main()
