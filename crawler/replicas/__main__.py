"""python -m crawler.replicas [--port N] [--round N]: serve every replica site in the foreground."""
from __future__ import annotations

import argparse

from .server import ReplicaServer


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m crawler.replicas", description=__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--round", type=int, default=1)
    args = ap.parse_args(argv)
    srv = ReplicaServer(round=args.round, host=args.host, port=args.port)
    print(f"civcas replicas (round {args.round}) at {srv.base_url}/", flush=True)
    print(" ".join(f"--mirror {o}={b}" for o, b in srv.mirrors().items()), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
