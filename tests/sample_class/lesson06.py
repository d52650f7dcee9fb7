"""Lesson 6 (webhook to sheet): other correct styles, and one student per misconception."""

from sample_class import Mistake

NOTEBOOK = "06_webhook_to_sheet.ipynb"

# --- correct solutions written another way ------------------------------------------

FIND_BY_SEARCHING_OPENALL = '''
def find_event_log(client, title):
    matches = [s for s in client.openall() if s.title == title]
    if not matches:
        raise SpreadsheetNotFound(f"no spreadsheet titled {title!r}")
    worksheet = matches[0].worksheets()[0]
    if len(worksheet.get_all_values()) == 0:
        worksheet.append_row(list(EVENT_LOG_HEADER))
    return worksheet
'''

FIND_WITH_ROW_ONE = '''
def find_event_log(client, title):
    spreadsheet = client.open(title)  # SpreadsheetNotFound goes up to the caller
    worksheet = spreadsheet.get_worksheet(0)
    if worksheet.row_values(1) == []:
        worksheet.append_row(EVENT_LOG_HEADER)
    return worksheet
'''

ROW_BY_DICT_COMPREHENSION = '''
def event_to_row(event):
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    order = data.get("order") if isinstance(data.get("order"), dict) else {}
    customer = order.get("customer") if isinstance(order.get("customer"), dict) else {}
    found = {
        "event_id": event.get("id"),
        "type": event.get("type"),
        "order_id": order.get("id"),
        "customer_email": customer.get("email"),
        "total_cents": order.get("total_cents"),
        "currency": order.get("currency"),
    }
    return [found[column] if found[column] is not None else "" for column in EVENT_LOG_HEADER]
'''

ROW_BY_PATHS = '''
PATHS = [("id",), ("type",), ("data", "order", "id"), ("data", "order", "customer", "email"),
         ("data", "order", "total_cents"), ("data", "order", "currency")]

def _lookup(event, path):
    value = event
    for key in path:
        if not isinstance(value, dict) or value.get(key) is None:
            return ""
        value = value[key]
    return value

def event_to_row(event):
    return [_lookup(event, path) for path in PATHS]
'''

RECORD_WITH_LOGGING = '''
import logging
import sys

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("shop.webhooks")

def record_event(event, worksheet, processed_ids):
    event_id = event.get("id")
    if event_id in processed_ids:
        logger.warning("skipping %s: already recorded", event_id)
        return "duplicate"
    try:
        worksheet.append_row(event_to_row(event))
    except APIError as err:
        print(f"append failed for {event_id} with {err.code}", file=sys.stderr)
        logger.error("could not record %s, the provider will retry", event_id)
        raise
    processed_ids.add(event_id)
    logger.info("recorded %s", event_id)
    return "recorded"
'''

RECORD_UNMARK_ON_FAILURE = '''
def record_event(event, worksheet, processed_ids):
    key = event["id"]
    if key in processed_ids:
        return "duplicate"
    processed_ids.add(key)
    try:
        worksheet.append_row(event_to_row(event))
    except Exception:
        processed_ids.discard(key)  # not written: let a redelivery try again
        raise
    return "recorded"
'''

CORRECT = {
    "openall_search_and_logging": {
        "find_event_log": FIND_BY_SEARCHING_OPENALL,
        "event_to_row": ROW_BY_DICT_COMPREHENSION,
        "record_event": RECORD_WITH_LOGGING,
    },
    "row_one_and_paths": {
        "find_event_log": FIND_WITH_ROW_ONE,
        "event_to_row": ROW_BY_PATHS,
        "record_event": RECORD_UNMARK_ON_FAILURE,
    },
}

# --- one misconception each --------------------------------------------------------------

MISTAKES = {
    "missing_spreadsheet_becomes_none": Mistake(
        loses=("find_event_log",),
        cells={
            "find_event_log": '''
def find_event_log(client, title):
    try:
        worksheet = client.open(title).sheet1
    except SpreadsheetNotFound:
        return None
    if not worksheet.get_all_values():
        worksheet.append_row(EVENT_LOG_HEADER)
    return worksheet
'''
        },
    ),
    "missing_spreadsheet_created_on_the_fly": Mistake(
        loses=("find_event_log",),
        cells={
            "find_event_log": '''
def find_event_log(client, title):
    try:
        spreadsheet = client.open(title)
    except SpreadsheetNotFound:
        spreadsheet = client.create(title)
    worksheet = spreadsheet.sheet1
    if not worksheet.get_all_values():
        worksheet.append_row(EVENT_LOG_HEADER)
    return worksheet
'''
        },
    ),
    "header_written_on_every_call": Mistake(
        loses=("find_event_log",),
        cells={
            "find_event_log": '''
def find_event_log(client, title):
    worksheet = client.open(title).sheet1
    worksheet.append_row(EVENT_LOG_HEADER)
    return worksheet
'''
        },
    ),
    "header_check_looks_at_records": Mistake(
        # get_all_records() is [] for a worksheet holding only the header
        loses=("find_event_log",),
        cells={
            "find_event_log": '''
def find_event_log(client, title):
    worksheet = client.open(title).sheet1
    if not worksheet.get_all_records():
        worksheet.append_row(EVENT_LOG_HEADER)
    return worksheet
'''
        },
    ),
    "none_left_in_cells": Mistake(
        loses=("event_to_row",),
        cells={
            "event_to_row": '''
def event_to_row(event):
    order = (event.get("data") or {}).get("order") or {}
    customer = order.get("customer") or {}
    return [event.get("id"), event.get("type"), order.get("id"),
            customer.get("email"), order.get("total_cents"), order.get("currency")]
'''
        },
    ),
    "columns_out_of_order": Mistake(
        loses=("event_to_row",),
        cells={
            "event_to_row": '''
def event_to_row(event):
    order = (event.get("data") or {}).get("order") or {}
    customer = order.get("customer") or {}
    values = [event.get("id"), event.get("type"), order.get("id"),
              customer.get("email"), order.get("currency"), order.get("total_cents")]
    return ["" if v is None else v for v in values]
'''
        },
    ),
    "get_default_breaks_on_null_customer": Mistake(
        loses=("event_to_row",),
        cells={
            "event_to_row": '''
def event_to_row(event):
    order = (event.get("data") or {}).get("order") or {}
    values = [event.get("id"), event.get("type"), order.get("id"),
              order.get("customer", {}).get("email"), order.get("total_cents"), order.get("currency")]
    return ["" if v is None else v for v in values]
'''
        },
    ),
    "or_blank_erases_a_zero_total": Mistake(
        loses=("event_to_row",),
        cells={
            "event_to_row": '''
def event_to_row(event):
    order = (event.get("data") or {}).get("order") or {}
    customer = order.get("customer") or {}
    return [event.get("id") or "", event.get("type") or "", order.get("id") or "",
            customer.get("email") or "", order.get("total_cents") or "", order.get("currency") or ""]
'''
        },
    ),
    "marks_before_the_append": Mistake(
        loses=("record_event",),
        cells={
            "record_event": '''
def record_event(event, worksheet, processed_ids):
    if event["id"] in processed_ids:
        return "duplicate"
    processed_ids.add(event["id"])
    worksheet.append_row(event_to_row(event))
    return "recorded"
'''
        },
    ),
    "swallows_the_api_error": Mistake(
        loses=("record_event",),
        cells={
            "record_event": '''
def record_event(event, worksheet, processed_ids):
    if event["id"] in processed_ids:
        return "duplicate"
    try:
        worksheet.append_row(event_to_row(event))
    except APIError:
        return "failed"
    processed_ids.add(event["id"])
    return "recorded"
'''
        },
    ),
    "duplicate_rows_on_replay": Mistake(
        loses=("record_event",),
        cells={
            "record_event": '''
def record_event(event, worksheet, processed_ids):
    worksheet.append_row(event_to_row(event))
    processed_ids.add(event["id"])
    return "recorded"
'''
        },
    ),
}
