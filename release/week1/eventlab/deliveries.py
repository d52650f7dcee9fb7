"""Sample webhook deliveries: the raw bodies a receiver gets, as bytes.

A receiver never sees a Python dict, only the bytes of the HTTP body.  The
samples below are those bytes: the course's canonical order event, the same
event shaped the way two real providers wrap their events, and a few broken
bodies that a receiver must reject without crashing.
"""

from __future__ import annotations

import json

CANONICAL_EVENT = {
    "id": "evt_0001",
    "type": "order.created",
    "created": 1764720000,
    "data": {
        "order": {
            "id": "ord_1001",
            "total_cents": 4599,
            "currency": "EUR",
            "customer": {"email": "ada@example.com", "name": "Ada"},
        }
    },
}


def body(event: object) -> bytes:
    """Serialize an event the way a provider puts it on the wire (UTF-8 JSON)."""
    return json.dumps(event, ensure_ascii=False).encode("utf-8")


# The canonical order event, as it arrives.
ORDER_CREATED = body(CANONICAL_EVENT)

# A guest checkout: the provider sends `customer` as JSON null.
ORDER_PAID_GUEST = body(
    {
        "id": "evt_0002",
        "type": "order.paid",
        "created": 1764720060,
        "data": {
            "order": {"id": "ord_1002", "total_cents": 1250, "currency": "EUR", "customer": None}
        },
    }
)

# A fully refunded free order: total 0 and an empty name are real values, not missing ones.
ORDER_REFUNDED_FREE = body(
    {
        "id": "evt_0003",
        "type": "order.refunded",
        "created": 1764720120,
        "data": {
            "order": {
                "id": "ord_1003",
                "total_cents": 0,
                "currency": "EUR",
                "customer": {"email": "zoë@example.com", "name": ""},
            }
        },
    }
)

# GitHub's first delivery to a new webhook is a `ping`: no order at all.
GITHUB_PING = body(
    {
        "zen": "Keep it logically awesome.",
        "hook_id": 512344,
        "hook": {"type": "Repository", "active": True, "events": ["push", "issues"]},
    }
)
GITHUB_HEADERS = {
    "X-GitHub-Event": "ping",
    "X-GitHub-Delivery": "8a4c2f60-91d2-11f0-8f1e-3c0cf4a1b2c7",
    "Content-Type": "application/json",
}

# Stripe wraps the changed object in `data.object`, beside its own event fields.
STRIPE_CHARGE_REFUNDED = body(
    {
        "id": "evt_3QpXk2Lq0example",
        "object": "event",
        "type": "charge.refunded",
        "created": 1764720300,
        "livemode": False,
        "data": {
            "object": {
                "id": "ch_3QpXk2Lq0example",
                "object": "charge",
                "amount": 4599,
                "amount_refunded": 4599,
                "currency": "eur",
                "billing_details": {"email": None, "name": "Ada"},
            }
        },
    }
)

# Bodies a receiver must reject with a clear error.
BROKEN = {
    "truncated": ORDER_CREATED[:40],
    "empty": b"",
    "not_utf8": b'{"id": "evt_0004", "note": "caf\xe9"}',  # Latin-1 bytes, not UTF-8
    "a_list": b'[{"id": "evt_0005"}]',
    "null": b"null",
    "a_string": b'"order.created"',
}
