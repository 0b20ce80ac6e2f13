"""Delivering the watchers' notifications.

The store queues one `notifications` row per change per watcher (`archive/outbox.py`);
`civcas notify` renders each due row into a message (`messages.py`), hands it to the
watcher's channel (`channels.py`: email, apprise, webhook) and marks it sent, or backs
off and retries later (`delivery.py`). Atom feeds are not delivered here: the feed is a
file written from the store by its own command, so atom watchers are skipped.
"""
