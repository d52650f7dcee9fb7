"""The sample deliveries of lesson 2 (``eventlab.deliveries``): the course's one copy of the canonical event."""

from __future__ import annotations

import json

import pytest

from eventlab import deliveries

# The canonical event exactly as the course specification writes it.
SPEC_EVENT = {
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


def test_the_canonical_event_is_the_one_of_the_spec():
    assert deliveries.CANONICAL_EVENT == SPEC_EVENT
    assert json.loads(deliveries.ORDER_CREATED) == SPEC_EVENT


def test_sample_orders_are_utf8_json_objects_with_the_canonical_shape():
    for raw in (deliveries.ORDER_CREATED, deliveries.ORDER_PAID_GUEST, deliveries.ORDER_REFUNDED_FREE):
        event = json.loads(raw.decode("utf-8"))
        assert set(event) == set(SPEC_EVENT)
        assert set(event["data"]["order"]) == set(SPEC_EVENT["data"]["order"])


def test_the_guest_and_the_free_order_carry_the_values_the_lesson_talks_about():
    assert json.loads(deliveries.ORDER_PAID_GUEST)["data"]["order"]["customer"] is None
    free = json.loads(deliveries.ORDER_REFUNDED_FREE)["data"]["order"]
    assert free["total_cents"] == 0 and free["customer"]["name"] == ""
    assert "zoë".encode() in deliveries.ORDER_REFUNDED_FREE, "the accented email must travel as UTF-8, not as an escape"


@pytest.mark.parametrize("name, error", [
    ("truncated", json.JSONDecodeError),
    ("empty", json.JSONDecodeError),
    ("not_utf8", UnicodeDecodeError),
])
def test_broken_bodies_fail_the_way_the_lesson_says(name, error):
    with pytest.raises(error):
        json.loads(deliveries.BROKEN[name])


@pytest.mark.parametrize("name, kind", [("a_list", list), ("null", type(None)), ("a_string", str)])
def test_valid_json_that_is_not_an_object_parses_without_error(name, kind):
    assert type(json.loads(deliveries.BROKEN[name])) is kind


def test_provider_shaped_deliveries_have_their_providers_fields():
    ping = json.loads(deliveries.GITHUB_PING)
    assert "zen" in ping and "hook_id" in ping and deliveries.GITHUB_HEADERS["X-GitHub-Event"] == "ping"
    stripe = json.loads(deliveries.STRIPE_CHARGE_REFUNDED)
    assert stripe["object"] == "event" and stripe["data"]["object"]["object"] == "charge"
