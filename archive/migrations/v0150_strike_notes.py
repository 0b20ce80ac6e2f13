"""What a strike release's parser could not read, and why, kept with its rows: the
release's notes (a day printed without a year, a text that places its strikes nowhere)
and each line's day as printed, so a line left undated still says which day it names."""

from __future__ import annotations

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE strike_releases ADD COLUMN notes TEXT")
    db.execute("ALTER TABLE strikes ADD COLUMN date_printed TEXT")
