"""Schema migrations, applied in order and recorded in the `_migrations` table.

Each migration is a module `vNNNN_name.py` in this package with an `apply(db)` function;
its name is the module name without the leading `v`. Names are never reused or
renumbered: a database records which it has, and `migrate` applies the rest in name
order. One module per migration keeps independent tables from touching one file. The
public tables and columns are promised to users (see docs/store.md); change them only by
adding a migration here and a line in CHANGELOG.md.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

Step = Callable[[sqlite_utils.Database], None]


def migrations() -> list[tuple[str, Step]]:
    """Every migration in this package as (name, apply), in name order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("v") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append((info.name[1:], module.apply))
    return sorted(found)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database lacks; return their names."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for name, step in migrations():
        if name in done:
            continue
        with db.conn:
            step(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                [name, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")],
            )
        applied.append(name)
    return applied


def widen_check(db: sqlite_utils.Database, table: str, old_check: str, new_check: str,
                indexes: tuple[str, ...] = ()) -> None:
    """Replace one CHECK constraint of `table`. SQLite cannot alter a constraint, so the
    table is copied, row for row, into one that differs only there (no table may refer to
    it by foreign key), and `indexes` (CREATE INDEX statements) are made again."""
    (sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    if old_check not in sql:
        raise RuntimeError(f"{table} is not as the earlier migrations left it")
    # A table renamed before is stored with its name quoted: CREATE TABLE "name".
    copy = f"{table}_new"
    create = re.sub(rf'^CREATE TABLE\s+"?{table}"?', f"CREATE TABLE {copy}",
                    sql.replace(old_check, new_check), count=1)
    db.execute(create)
    db.execute(f"INSERT INTO {copy} SELECT * FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {copy} RENAME TO {table}")
    for index in indexes:
        db.execute(index)
