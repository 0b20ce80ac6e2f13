"""Distributed crawls: one coordinator, any number of workers, one Redis.

`civcas crawl SOURCES --redis URL` (coordinator.py) opens the runs in the store, seeds
the start requests into a Redis queue per source and is the only process that writes
SQLite. `civcas worker --redis URL` (worker.py) fetches from those queues, writes its
own WARC files and sends every store write back through Redis (channel.py); the
coordinator applies them in order (applier.py). See docs/distributed.md.
"""
