"""The index follower: a long-running loop that keeps this node's index in step.

Polls this node's outbox (an indexed query) a few times a second, so every commit on any node
reaches this node's index within a second, whether or not a task about it reached this node's
worker. Now and then it checks the whole index against the database and repairs what differs.
"""

import logging
import signal
import threading
import time

from django.db import DatabaseError, close_old_connections

from policylib.search import outbox

logger = logging.getLogger(__name__)


class Follower:
    def __init__(self, *, interval: float = 0.5, repair_every: float = 600.0) -> None:
        self.interval = interval
        self.repair_every = repair_every
        self.stopping = threading.Event()

    def stop(self, *args) -> None:
        self.stopping.set()

    def run(self, ready=None) -> None:
        """Loop until SIGTERM or SIGINT; `ready()` is called once both stop it gracefully."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        if ready is not None:
            ready()
        # Repair soon after starting (this also covers a node that has just registered).
        next_repair = time.monotonic() + min(self.repair_every, 10.0)
        while not self.stopping.is_set():
            try:
                self.step()
                if time.monotonic() >= next_repair:
                    report = outbox.repair()
                    if not report.ok:
                        logger.warning(
                            "Search index repaired: %d missing, %d stale, %d orphaned.",
                            len(report.missing), len(report.stale), len(report.orphaned),
                        )  # fmt: skip
                    next_repair = time.monotonic() + self.repair_every
            except DatabaseError:
                logger.exception("The database is not answering; retrying.")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)

    def step(self) -> int:
        """Apply this node's queued changes, if any; keep its registration fresh."""
        if outbox.pending():
            return outbox.apply_outbox()
        outbox.this_node()
        return 0
