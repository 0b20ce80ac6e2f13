"""One text-extraction worker process (`python -m crawler.reading.worker PARENT_PID`), run
by crawler/reading/pool.py: reads pages from stdin, writes outcomes to stdout, one framed
pickle each way (8-byte big-endian length, then the pickle).

It dies with the crawl: the kernel kills it when its parent goes (Linux
PR_SET_PDEATHSIG), a thread checks the parent every second elsewhere, and a closed
stdin ends it between pages. Terminal signals are not its business: the pool starts it
in a session of its own, and stops it itself."""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import time

from crawler.reading.pool import HEADER, extract_outcome

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Never outlive the crawl, even when it is killed with SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the thread below does it
        pass
    if os.getppid() != parent:  # the parent went before prctl took effect
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def read_exactly(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def main() -> None:
    die_with_parent(int(sys.argv[1]))

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the frames
    while True:
        head = read_exactly(stdin, HEADER.size)
        if head is None:
            return  # the crawl closed the pipe: done
        body = read_exactly(stdin, HEADER.unpack(head)[0])
        if body is None:
            return
        outcome = extract_outcome(*pickle.loads(body))
        reply = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(HEADER.pack(len(reply)) + reply)
        stdout.flush()


if __name__ == "__main__":
    main()
