"""Sample order events and deliveries for the dispatch and replay lessons.

Every lesson from 2 to 6 speaks about one kind of event: a web shop's order
events (see the course's canonical event).  This module builds them as plain
dicts, so a lesson can show a realistic event in one line and a test can vary
one field at a time.

It also tells a short story of deliveries as a provider would send them:
one arrives before the event that happened earlier, one fails and is
delivered again.  Nothing here dispatches, deduplicates or stores events:
that is the learner's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Unix time of the first sample event (2025-12-03 00:00 UTC).
T0 = 1764720000

_CUSTOMERS = {
    "ord_1001": {"email": "ada@example.com", "name": "Ada"},
    "ord_1002": {"email": "grace@example.com", "name": "Grace"},
    "ord_1003": {"email": "alan@example.com", "name": "Alan"},
}

_MISSING = object()


def order_event(
    event_id: str | None,
    event_type: str | None = "order.created",
    *,
    order_id: str = "ord_1001",
    total_cents: int = 4599,
    currency: str = "EUR",
    customer: Any = _MISSING,
    created: int = T0,
) -> dict[str, Any]:
    """A canonical order event, as a new dict each time.

    ``customer`` defaults to a sample customer of the order (Ada for
    ``ord_1001``); pass ``None`` for an order without one, as providers do.

    >>> order_event("evt_0001")["data"]["order"]["customer"]["name"]
    'Ada'
    """
    if customer is _MISSING:
        customer = dict(_CUSTOMERS.get(order_id, {"email": "sam@example.com", "name": "Sam"}))
    return {
        "id": event_id,
        "type": event_type,
        "created": created,
        "data": {
            "order": {
                "id": order_id,
                "total_cents": total_cents,
                "currency": currency,
                "customer": customer,
            }
        },
    }


def ping_event(event_id: str = "evt_0000", *, created: int = T0 - 60) -> dict[str, Any]:
    """The kind of event a provider sends to test a new endpoint: no order at all."""
    return {"id": event_id, "type": "ping", "created": created, "data": {}}


@dataclass(frozen=True)
class Delivery:
    """One attempt by the provider to deliver an event.

    ``sent_at`` is when this attempt left the provider: the timestamp that its
    signature header carries.  A retry of the same event has a new
    ``sent_at`` (so a new signature) but the same ``event["id"]``.
    """

    attempt: int
    sent_at: int
    event: dict[str, Any]

    @property
    def event_id(self) -> Any:
        """The id to deduplicate on: the same for every attempt of one event."""
        return self.event.get("id")


def sample_deliveries() -> list[Delivery]:
    """A morning of deliveries in the order they reached the receiver.

    - ``evt_0002`` (Ada's order paid) arrives before ``evt_0001`` (the order
      created a minute earlier): delivery order is not event order.
    - ``evt_0003`` (Grace's order) is delivered once, fails on the receiver,
      and comes again on the provider's next attempt, an hour later, with a
      new timestamp and signature.
    - A ``ping`` and an ``order.refunded`` complete the set.

    The events are new dicts on every call, so changing one cannot spoil the
    next lesson's run.
    """
    created = order_event("evt_0001", "order.created", created=T0)
    paid = order_event("evt_0002", "order.paid", created=T0 + 60)
    grace = order_event(
        "evt_0003", "order.created", order_id="ord_1002", total_cents=1250, created=T0 + 300
    )
    refund = order_event("evt_0005", "order.refunded", created=T0 + 4000)
    return [
        Delivery(attempt=1, sent_at=T0 + 61, event=paid),
        Delivery(attempt=1, sent_at=T0 + 62, event=created),
        Delivery(attempt=1, sent_at=T0 + 301, event=grace),
        Delivery(attempt=1, sent_at=T0 + 901, event=ping_event("evt_0004", created=T0 + 900)),
        Delivery(attempt=2, sent_at=T0 + 301 + 3600, event=_copy(grace)),
        Delivery(attempt=1, sent_at=T0 + 4001, event=refund),
    ]


def _copy(event: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of an event built by this module (dicts, strings and numbers only)."""
    return {
        key: _copy(value) if isinstance(value, dict) else value for key, value in event.items()
    }
