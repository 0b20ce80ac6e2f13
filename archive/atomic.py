"""Files replaced whole: written beside the target, flushed to disk, then renamed over it.

A reader (a replay tool, a feed reader, `civcas verify`) sees the old file or the new
one, never half of one; a failure or a kill leaves no stray temporary behind the target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside `target` to write; on success it is synced, given
    `mode` and renamed over `target`; on any error it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
