"""The sample events and deliveries that lessons 4 and 5 build on."""

from __future__ import annotations

import json

from eventlab import deliveries
from eventlab.events import Delivery, order_event, ping_event, sample_deliveries


def test_order_event_has_the_canonical_shape():
    event = order_event("evt_0001")
    assert event == deliveries.CANONICAL_EVENT
    # Round-trips through JSON: it is what a provider could send.
    assert json.loads(json.dumps(event)) == event


def test_order_event_varies_one_field_at_a_time():
    event = order_event("evt_9", "order.refunded", order_id="ord_1002", total_cents=1, customer=None)
    assert event["type"] == "order.refunded"
    assert event["data"]["order"]["id"] == "ord_1002"
    assert event["data"]["order"]["total_cents"] == 1
    assert event["data"]["order"]["customer"] is None
    assert order_event(None, None)["id"] is None


def test_order_event_returns_a_new_dict_each_time():
    first = order_event("evt_0001")
    first["data"]["order"]["customer"]["name"] = "changed"
    assert order_event("evt_0001")["data"]["order"]["customer"]["name"] == "Ada"


def test_ping_event_has_no_order():
    event = ping_event()
    assert event["type"] == "ping"
    assert event["data"] == {}


def test_sample_deliveries_tell_the_story_the_lessons_tell():
    deliveries = sample_deliveries()
    assert all(isinstance(d, Delivery) for d in deliveries)
    ids = [d.event_id for d in deliveries]
    # One redelivery: the same id twice, a later attempt with a later timestamp.
    assert len(ids) == len(set(ids)) + 1
    repeated = [d for d in deliveries if ids.count(d.event_id) > 1]
    assert [d.attempt for d in repeated] == [1, 2]
    assert repeated[1].sent_at - repeated[0].sent_at >= 3600
    assert repeated[0].event == repeated[1].event
    assert repeated[0].event is not repeated[1].event
    # Out of order: an event created later arrives before one created earlier.
    created = [d.event["created"] for d in deliveries]
    assert created != sorted(created)
    # Every delivery is sent after its event happened, in arrival order.
    assert all(d.sent_at > d.event["created"] for d in deliveries)
    assert [d.sent_at for d in deliveries] == sorted(d.sent_at for d in deliveries)
    types = {d.event["type"] for d in deliveries}
    assert {"order.created", "order.paid", "order.refunded", "ping"} <= types


def test_sample_deliveries_are_fresh_on_every_call():
    first = sample_deliveries()
    first[0].event["type"] = "spoiled"
    assert sample_deliveries()[0].event["type"] != "spoiled"
