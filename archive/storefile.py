"""Opening `civcas.db` safely: never a silent new store over a file that is not one, and
read-only access that also works on write-protected media.

SQLite treats a 0-byte file as an empty database (a crawl would build a fresh schema in
it, orphaning every WARC beside it) and reports other files only at the first query.
`check_store_file` looks first, and `StoreFileError` says what is wrong in one sentence.
A store in WAL mode on read-only media cannot be opened with `mode=ro` (SQLite needs to
create its `-shm` file), so readers fall back to `immutable=1` there: safe because
nothing can write to such media meanwhile."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

STORE_FILENAME = "civcas.db"
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every civcas store has had since its first migration.
_CIVCAS_TABLES = {"crawl_runs", "captures", "documents"}


class StoreFileError(Exception):
    """`civcas.db` exists but is not a civcas store that can be opened."""


def check_store_file(path: Path | str) -> None:
    """Refuse an existing file that is empty or not an SQLite database at all."""
    path = Path(path)
    if not path.exists():
        return
    if path.is_dir():
        raise StoreFileError(f"{path} is a folder, not a civcas store")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreFileError(f"cannot read {path}: {exc.strerror}") from None
    if not head:
        raise StoreFileError(
            f"{path} is empty (0 bytes): not a civcas store. civcas will not start a new "
            "store over it (the WARCs beside it would lose their index); restore it from "
            "a copy, or move it away to start afresh")
    if head != _SQLITE_MAGIC:
        raise StoreFileError(f"{path} is not an SQLite database (not a civcas store); "
                             "restore it from a copy, or move it away")


def check_civcas_schema(conn: sqlite3.Connection, path: Path | str) -> None:
    """Refuse an SQLite database that is not a civcas store (or is too damaged to say)."""
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise StoreFileError(f"{path} cannot be read: {exc}") from None
    if names and not _CIVCAS_TABLES <= names:
        raise StoreFileError(f"{path} is an SQLite database but not a civcas store "
                             f"(no {', '.join(sorted(_CIVCAS_TABLES - names))} table)")


def on_read_only_media(path: Path | str) -> bool:
    """Whether the store's folder cannot be written (a write-protected copy)."""
    return not os.access(Path(path).parent, os.W_OK)


def read_only_uri(path: Path | str) -> str:
    """The URI of a read-only connection: `mode=ro`, or `immutable=1` on read-only media."""
    path = Path(path).resolve()
    mode = "immutable=1" if on_read_only_media(path) else "mode=ro"
    return f"file:{path}?{mode}"


def connect_read_only(path: Path | str, **kwargs) -> sqlite3.Connection:
    """A read-only connection to an existing civcas store, or StoreFileError. Falls back
    to `immutable=1` when `mode=ro` cannot open it (its folder cannot be written)."""
    path = Path(path)
    if not path.is_file():
        raise StoreFileError(f"no civcas store at {path} (run `civcas crawl` first)")
    check_store_file(path)
    uri = read_only_uri(path)
    try:
        conn = _probe(sqlite3.connect(uri, uri=True, **kwargs))
    except sqlite3.OperationalError:
        uri = f"file:{Path(path).resolve()}?immutable=1"
        try:
            conn = _probe(sqlite3.connect(uri, uri=True, **kwargs))
        except sqlite3.Error as exc:
            raise StoreFileError(f"cannot open {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreFileError(f"cannot open {path}: {exc}") from None
    check_civcas_schema(conn, path)
    return conn


def needs_immutable(path: Path | str) -> bool:
    """Whether readers must open this store `immutable=1` (it is on read-only media)."""
    if on_read_only_media(path):
        return True
    try:
        _probe(sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)).close()
    except sqlite3.OperationalError:
        return True
    return False


def _probe(conn: sqlite3.Connection) -> sqlite3.Connection:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn
