"""The signed samples of lesson 3 (``eventlab.signatures``) and its compare_digest recorder."""

from __future__ import annotations

import hmac
import inspect
import json
import secrets

import pytest

from eventlab import checks
from eventlab import signatures as samples
from eventlab.deliveries import CANONICAL_EVENT



def test_the_written_out_headers_are_the_computed_ones():
    built = samples.build_sample_headers()
    assert set(built) == {d.name for d in samples.DELIVERIES}
    for delivery in samples.DELIVERIES:
        assert dict(delivery.headers) == built[delivery.name], delivery.name


def test_every_sample_carries_the_canonical_event_as_compact_json():
    assert json.loads(samples.ORDER_BODY) == CANONICAL_EVENT
    assert b" " not in samples.ORDER_BODY, "compact bodies make the re-serialisation example of the lesson work"
    assert json.dumps(json.loads(samples.ORDER_BODY)).encode() != samples.ORDER_BODY
    for delivery in samples.DELIVERIES:
        assert delivery.body == samples.ORDER_BODY


def test_samples_cannot_be_changed_by_a_learner():
    with pytest.raises(TypeError):
        samples.GITHUB.headers["X-Hub-Signature-256"] = "sha256=0"  # type: ignore[index]
    with pytest.raises(AttributeError):
        samples.GITHUB.body = b"{}"  # type: ignore[misc]


def test_timestamps_tell_the_story_of_the_lesson():
    assert 0 < samples.SAMPLE_NOW - samples.STRIPE_TIMESTAMP <= 300
    assert samples.SAMPLE_NOW - samples.STRIPE_TIMESTAMP == 28, "the lesson's self-check says 28 seconds old"
    assert samples.STRIPE_RETRY_TIMESTAMP - samples.STRIPE_TIMESTAMP == 3600
    assert samples.STRIPE_RETRY.headers["Stripe-Signature"] != samples.STRIPE.headers["Stripe-Signature"]
    for stamp in (samples.SLACK_TIMESTAMP, samples.STANDARD_TIMESTAMP):
        assert abs(samples.SAMPLE_NOW - stamp) <= 300


def test_the_rotation_sample_puts_the_previous_signature_first():
    # A verifier that checks only the first v1 must fail on it with the current secret.
    _, first, second = samples.STRIPE_ROTATING.headers["Stripe-Signature"].split(",")
    assert "v1=" + samples.STRIPE.headers["Stripe-Signature"].split("v1=")[1] == second
    assert first != second


def test_the_module_offers_no_exercise_solution():
    public = {name for name, value in vars(samples).items() if callable(value) and not name.startswith("_")}
    own = {name for name in public if getattr(vars(samples)[name], "__module__", None) == samples.__name__}
    assert own == {"Delivery", "build_sample_headers"}
    assert not {"sign", "verify_signature", "verify_timestamped"} & set(vars(samples))
    # The one builder takes no secret or body: it cannot stand in for sign().
    assert not inspect.signature(samples.build_sample_headers).parameters


# --- compare_digest_calls -------------------------------------------------------------------


def test_records_calls_through_hmac_and_secrets_and_restores_them():
    original = hmac.compare_digest

    def via_hmac(a, b):
        return hmac.compare_digest(a, b)

    def via_secrets(a, b):
        return secrets.compare_digest(a, b)

    with checks.compare_digest_calls(via_hmac) as calls:
        assert via_hmac(b"a", b"a") is True
        assert via_secrets("x", "y") is False
    assert calls == [(b"a", b"a"), ("x", "y")]
    assert hmac.compare_digest is original and secrets.compare_digest is original


def test_records_a_name_imported_from_hmac_in_the_learners_namespace():
    namespace: dict = {}
    exec("from hmac import compare_digest as same\ndef check(a, b):\n    return same(a, b)", namespace)
    with checks.compare_digest_calls(namespace["check"]) as calls:
        assert namespace["check"](b"1", b"2") is False
    assert calls == [(b"1", b"2")]
    assert namespace["same"] is hmac.compare_digest


def test_records_nothing_for_equality():
    namespace: dict = {}
    exec("def check(a, b):\n    return a == b", namespace)
    with checks.compare_digest_calls(namespace["check"]) as calls:
        assert namespace["check"]("a", "a")
    assert calls == []


def test_restores_everything_when_the_checked_code_raises():
    namespace: dict = {}
    exec("from hmac import compare_digest\ndef check(a, b):\n    raise RuntimeError", namespace)
    with pytest.raises(RuntimeError):
        with checks.compare_digest_calls(namespace["check"]):
            namespace["check"](b"", b"")
    assert namespace["compare_digest"] is hmac.compare_digest
    assert secrets.compare_digest is hmac.compare_digest
