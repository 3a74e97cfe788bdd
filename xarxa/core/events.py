"""After-commit events: a service announces what happened; other apps subscribe and react once the
transaction that did it has committed.

    # in the service, inside its transaction
    announce("content.moderated", actor=actor, content=content, comment=None, action="hide", reason=reason)

    # in the subscriber's AppConfig.ready()
    subscribe("content.moderated", on_content_moderated)

Why a registry of our own rather than Django signals sent through on_commit: a signal's receivers are
found by the sender class and connected with dispatch uids; here an event is a plain name, the payload
is keyword arguments, and the one rule (handlers run after commit, each on its own, a failing handler
logged and never undoing the act nor stopping the others) lives in one place. It lets a lower layer
(content, spaces, activity) tell a higher one (notifications, search) without importing it.

Handlers run after the outermost transaction commits (immediately when there is none). A rolled-back
act announces nothing. In tests, whose transaction never commits, core.testing.events_at_commit (autouse
in conftest.py) runs each handler when it is announced instead.
"""

import logging
from collections import defaultdict
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

_handlers = defaultdict(list)


def subscribe(event: str, handler) -> None:
    """Call `handler(**payload)` after each commit that announced `event`. Subscribing twice is once."""
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def subscribers(event: str) -> list:
    return list(_handlers[event])


def _run(event, handler, payload):
    try:
        handler(**payload)
    except Exception:  # one subscriber's failure must not undo the act or silence the others
        logger.exception("handler %s of event %s failed", getattr(handler, "__qualname__", handler), event)


def _defer(callback):
    transaction.on_commit(callback)


def announce(event: str, **payload) -> None:
    """Run every handler of `event` with `payload` once the current transaction commits."""
    for handler in _handlers[event]:
        _defer(partial(_run, event, handler, payload))
