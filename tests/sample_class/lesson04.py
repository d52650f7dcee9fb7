"""Lesson 4 submissions: other correct styles, and one student per misconception."""

from sample_class import Mistake

NOTEBOOK = "04_event_dispatch.ipynb"

CORRECT = {
    # dict.get with the default as fallback; dict(...) for the answer.
    "get_style": {
        "dispatch": '''
def dispatch(event, handlers, default):
    return handlers.get(event.get("type"), default)(event)
''',
        "ignore_event": '''
def ignore_event(event):
    return dict(status="ignored", type=event.get("type"))
''',
    },
    # EAFP: try the lookup, and only the lookup, for a KeyError.
    "eafp_style": {
        "dispatch": '''
def dispatch(event, handlers, default):
    try:
        handler = handlers[event["type"]]
    except KeyError:
        handler = default
    return handler(event)
''',
        "ignore_event": '''
def ignore_event(event):
    result = {"status": "ignored", "type": None}
    if "type" in event:
        result["type"] = event["type"]
    return result
''',
    },
    # No names bound: a conditional expression picks the function.
    "functional_style": {
        "dispatch": '''
def dispatch(event, handlers, default):
    return (handlers[t] if (t := event.get("type")) is not None and t in handlers else default)(event)
''',
        "ignore_event": '''
ignore_event = lambda event: {"status": "ignored", "type": event.get("type", None)}
''',
    },
    # Logs every routing decision with logging (to stderr) and prints to stderr: full marks all the same.
    "logs_to_stderr": {
        "dispatch": '''
import logging
import sys

logging.basicConfig()
log = logging.getLogger("receiver")

def dispatch(event, handlers, default):
    event_type = event.get("type")
    handler = handlers.get(event_type) if event_type is not None else None
    if handler is None:
        log.warning("no handler for %r, using the default", event_type)
        print(f"dispatch: default for {event_type!r}", file=sys.stderr)
        handler = default
    return handler(event)
''',
        "ignore_event": '''
import logging

def ignore_event(event):
    logging.getLogger("receiver").warning("ignoring an event of type %r", event.get("type"))
    return {"status": "ignored", "type": event.get("type")}
''',
    },
}

MISTAKES = {
    "keyerror_on_unknown_type": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    return handlers[event["type"]](event)
'''}),
    "keyerror_on_missing_type": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    return handlers.get(event["type"], default)(event)
'''}),
    "null_type_treated_as_text": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    return handlers.get(event.get("type", "").strip(), default)(event)
'''}),
    "handler_called_twice": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    handler = handlers.get(event.get("type"), default)
    handler(event)
    return handler(event)
'''}),
    "result_dropped": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    handler = handlers.get(event.get("type"), default)
    handler(event)
    return {"status": "ok"}
'''}),
    "handler_errors_swallowed": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    try:
        return handlers.get(event.get("type"), default)(event)
    except Exception as err:
        return {"status": "error", "error": str(err)}
'''}),
    "handler_errors_wrapped": Mistake(loses=("dispatch",), cells={"dispatch": '''
class DispatchError(Exception):
    pass

def dispatch(event, handlers, default):
    try:
        return handlers.get(event.get("type"), default)(event)
    except Exception as err:
        raise DispatchError(f"handler failed for {event.get('id')}") from err
'''}),
    "keyerror_caught_around_the_call": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    try:
        return handlers[event["type"]](event)
    except KeyError:
        return default(event)
'''}),
    "setdefault_registers_the_default": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    return handlers.setdefault(event.get("type"), default)(event)
'''}),
    "default_stored_in_the_table": Mistake(loses=("dispatch",), cells={"dispatch": '''
def dispatch(event, handlers, default):
    event_type = event.get("type")
    if event_type not in handlers:
        handlers[event_type] = default
    return handlers[event_type](event)
'''}),
    "ignore_event_needs_a_type": Mistake(loses=("ignore_event",), cells={"ignore_event": '''
def ignore_event(event):
    return {"status": "ignored", "type": event["type"]}
'''}),
}
