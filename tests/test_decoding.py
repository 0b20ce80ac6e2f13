"""archive/decoding.py on its own: every coding it advertises decodes, and every one stops
at the limit asked for however far its bytes would inflate (the bombs of the hostile
replica), stacked codings included; the default limit holds where a caller names none."""

from __future__ import annotations

import gzip
import resource
import zlib

import brotli
import pytest


from archive.decoding import ACCEPT_ENCODING, DEFAULT_LIMIT, OVER_LIMIT, decode_body, zstd
from support import hostile

LIMIT = 1 << 20
BOMBS = {
    "gzip": hostile.gzip_bomb, "deflate": hostile.deflate_bomb, "br": hostile.br_bomb,
    "zstd": hostile.zstd_bomb, "gzip, br": hostile.stacked_bomb,
}
PAGE = ("<p>" + "غارة جوية قرب هجين " * 300 + "</p>").encode()


def test_every_advertised_coding_is_read():
    assert ACCEPT_ENCODING == "gzip, deflate, br, zstd"
    encoded = {"gzip": gzip.compress(PAGE), "deflate": zlib.compress(PAGE),
               "br": brotli.compress(PAGE), "zstd": zstd.compress(PAGE)}
    for coding, data in encoded.items():
        decoded = decode_body(data, [("Content-Encoding", coding)])
        assert (decoded.complete, decoded.data, decoded.encodings) == (True, PAGE, (coding,))
    # two zstd frames, and zstd inside gzip
    two = decode_body(zstd.compress(PAGE) + zstd.compress(PAGE), [("Content-Encoding", "zstd")])
    assert two.complete and two.data == PAGE * 2
    both = decode_body(gzip.compress(zstd.compress(PAGE)), [("Content-Encoding", "zstd, gzip")])
    assert both.complete and both.data == PAGE


@pytest.mark.parametrize("coding", sorted(BOMBS))
def test_every_bomb_stops_at_the_limit(coding):
    bomb = BOMBS[coding]()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    decoded = decode_body(bomb, [("Content-Encoding", coding)], LIMIT)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert not decoded.complete and OVER_LIMIT in decoded.error
    assert len(decoded.data) <= LIMIT + 4 * (1 << 20)
    assert grown_mib < 64, grown_mib


def test_without_a_limit_named_the_default_one_holds():
    decoded = decode_body(hostile.br_bomb(), [("Content-Encoding", "br")])
    assert not decoded.complete and OVER_LIMIT in decoded.error
    assert len(decoded.data) <= DEFAULT_LIMIT + 4 * (1 << 20)


@pytest.mark.parametrize("coding,data", [
    ("br", brotli.compress(PAGE)[:-20]), ("zstd", zstd.compress(PAGE)[:-20])])
def test_a_cut_stream_is_incomplete_with_what_decoded(coding, data):
    decoded = decode_body(data, [("Content-Encoding", coding)])
    assert not decoded.complete and decoded.error.endswith("stream ends early")
    assert PAGE.startswith(decoded.data)


def test_garbage_and_unknown_codings_keep_the_bytes():
    for coding in ("br", "zstd", "x-civcas"):
        decoded = decode_body(b"not compressed at all", [("Content-Encoding", coding)])
        assert not decoded.complete and decoded.data == b"not compressed at all", coding
