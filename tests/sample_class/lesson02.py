"""Lesson 2 submissions: other correct styles, and one student per misconception."""

from sample_class import Mistake

NOTEBOOK = "02_webhook_payloads.ipynb"

# A summarize_order_event that uses neither of the learner's other functions, so that a
# mistake in parse_payload or get_in is measured in that exercise only.
STANDALONE_SUMMARY = '''
def summarize_order_event(raw):
    try:
        event = json.loads(raw)
    except ValueError as err:
        raise ValueError(f"bad body: {err}") from err
    if type(event) is not dict:
        raise ValueError("not an object")
    order = event.get("data")
    order = order.get("order") if isinstance(order, dict) else None
    order = order if isinstance(order, dict) else {}
    customer = order.get("customer")
    customer = customer if isinstance(customer, dict) else {}
    return {
        "event_id": event.get("id"),
        "type": event.get("type"),
        "order_id": order.get("id"),
        "email": customer.get("email"),
        "total_cents": order.get("total_cents"),
    }
'''

CORRECT = {
    # json.loads on bytes directly; a try/except get_in (EAFP); a loop-free summary.
    "eafp_style": {
        "parse_payload": '''
def parse_payload(raw):
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValueError("cannot parse the webhook body") from err
    if not isinstance(value, dict):
        raise ValueError("the webhook body must be a JSON object")
    return value
''',
        "get_in": '''
def get_in(data, *keys, default=None):
    for key in keys:
        if not isinstance(data, dict):
            return default
        try:
            data = data[key]
        except KeyError:
            return default
    return data
''',
        "summarize_order_event": '''
def summarize_order_event(raw):
    e = parse_payload(raw)
    return dict(
        event_id=get_in(e, "id"),
        type=get_in(e, "type"),
        order_id=get_in(e, "data", "order", "id"),
        email=get_in(e, "data", "order", "customer", "email"),
        total_cents=get_in(e, "data", "order", "total_cents"),
    )
''',
    },
    # functools.reduce with a sentinel, a recursive variant of nothing else, and a table-driven summary.
    "functional_style": {
        "parse_payload": '''
import codecs

def parse_payload(raw):
    text = codecs.decode(raw, "utf-8") if isinstance(raw, (bytes, bytearray)) else raw
    obj = json.loads(text)
    if type(obj) is not dict:
        raise TypeError_as_value("top level is " + type(obj).__name__)
    return obj

class TypeError_as_value(ValueError):
    pass
''',
        "get_in": '''
from functools import reduce

_MISSING = object()

def get_in(data, *keys, default=None):
    def step(current, key):
        if current is _MISSING or not isinstance(current, dict):
            return _MISSING
        return current.get(key, _MISSING)
    found = reduce(step, keys, data)
    return default if found is _MISSING else found
''',
        "summarize_order_event": '''
FIELDS = {
    "event_id": ("id",),
    "type": ("type",),
    "order_id": ("data", "order", "id"),
    "email": ("data", "order", "customer", "email"),
    "total_cents": ("data", "order", "total_cents"),
}

def summarize_order_event(raw):
    event = parse_payload(raw)
    return {name: get_in(event, *path) for name, path in FIELDS.items()}
''',
    },
    # A careful receiver logs what it rejects: to stderr, through logging and print.
    "logs_to_stderr": {
        "parse_payload": '''
import logging
import sys

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("webhooks")

def parse_payload(raw):
    log.info("parsing a body of %d bytes", len(raw))
    try:
        value = json.loads(raw)
    except ValueError as err:
        log.warning("rejected a body: %s", err)
        print("rejected:", err, file=sys.stderr)
        raise ValueError(str(err)) from err
    if not isinstance(value, dict):
        log.warning("rejected a %s body", type(value).__name__)
        raise ValueError("expected an object")
    return value
''',
        "summarize_order_event": '''
import warnings

def summarize_order_event(raw):
    event = parse_payload(raw)
    if "data" not in event:
        warnings.warn("event without data")
    return {
        "event_id": get_in(event, "id"),
        "type": get_in(event, "type"),
        "order_id": get_in(event, "data", "order", "id"),
        "email": get_in(event, "data", "order", "customer", "email"),
        "total_cents": get_in(event, "data", "order", "total_cents"),
    }
''',
    },
}

MISTAKES = {
    "parse_accepts_any_json_value": Mistake(
        loses=("parse_payload",),
        cells={
            "parse_payload": '''
def parse_payload(raw):
    return json.loads(raw)
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "parse_raises_type_error_for_lists": Mistake(
        loses=("parse_payload",),
        cells={
            "parse_payload": '''
def parse_payload(raw):
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "parse_replaces_invalid_utf8": Mistake(
        loses=("parse_payload",),
        cells={
            "parse_payload": '''
def parse_payload(raw):
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("expected an object")
    return value
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "parse_only_handles_bytes": Mistake(
        loses=("parse_payload",),
        cells={
            "parse_payload": '''
def parse_payload(raw):
    value = json.loads(raw.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("expected an object")
    return value
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "get_chain_with_empty_dict_default": Mistake(
        loses=("get_in",),
        cells={
            "get_in": '''
def get_in(data, *keys, default=None):
    for key in keys[:-1]:
        data = data.get(key, {})
    return data.get(keys[-1], default)
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "get_in_or_default_swallows_falsy": Mistake(
        loses=("get_in",),
        cells={
            "get_in": '''
def get_in(data, *keys, default=None):
    for key in keys:
        data = (data or {}).get(key) if isinstance(data or {}, dict) else None
    return data or default
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "get_in_trusts_intermediates_are_dicts": Mistake(
        loses=("get_in",),
        cells={
            "get_in": '''
def get_in(data, *keys, default=None):
    for key in keys:
        if data is None or key not in data:
            return default
        data = data[key]
    return data
''',
            "summarize_order_event": STANDALONE_SUMMARY,
        },
    ),
    "summary_with_other_key_names": Mistake(
        loses=("summarize_order_event",),
        cells={
            "summarize_order_event": '''
def summarize_order_event(raw):
    event = parse_payload(raw)
    return {
        "event_id": get_in(event, "id"),
        "type": get_in(event, "type"),
        "order_id": get_in(event, "data", "order", "id"),
        "customer_email": get_in(event, "data", "order", "customer", "email"),
        "total_cents": get_in(event, "data", "order", "total_cents"),
    }
''',
        },
    ),
    "summary_indexes_and_catches_key_error": Mistake(
        loses=("summarize_order_event",),
        cells={
            "summarize_order_event": '''
def summarize_order_event(raw):
    event = parse_payload(raw)
    summary = {"event_id": event.get("id"), "type": event.get("type")}
    for name, path in [("order_id", ["id"]), ("email", ["customer", "email"]), ("total_cents", ["total_cents"])]:
        try:
            value = event["data"]["order"]
            for key in path:
                value = value[key]
        except KeyError:
            value = None
        summary[name] = value
    return summary
''',
        },
    ),
    "summary_skips_validation": Mistake(
        loses=("summarize_order_event",),
        cells={
            "summarize_order_event": '''
def summarize_order_event(raw):
    event = json.loads(raw)
    return {
        "event_id": get_in(event, "id"),
        "type": get_in(event, "type"),
        "order_id": get_in(event, "data", "order", "id"),
        "email": get_in(event, "data", "order", "customer", "email"),
        "total_cents": get_in(event, "data", "order", "total_cents"),
    }
''',
        },
    ),
}
