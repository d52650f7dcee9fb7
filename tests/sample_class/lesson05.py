"""Lesson 5 submissions: other correct styles, and one student per misconception."""

from sample_class import Mistake

NOTEBOOK = "05_idempotent_replay.ipynb"

# A replay that does not call the learner's process_once, so that a mistake in
# process_once is measured in that exercise only.
STANDALONE_REPLAY = '''
def replay(events, handler, processed_ids):
    counts = {"processed": 0, "duplicate": 0, "failed": 0}
    for event in events:
        event_id = event.get("id")
        if not event_id:
            counts["failed"] += 1
        elif event_id in processed_ids:
            counts["duplicate"] += 1
        else:
            try:
                handler(event)
            except Exception:
                counts["failed"] += 1
            else:
                processed_ids.add(event_id)
                counts["processed"] += 1
    return counts
'''

# A load that reads the reference's JSON list, for submissions whose save is wrong.
CORRECT_LOAD = '''
def load_processed_ids(path):
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as file:
        return set(json.load(file))
'''

CORRECT = {
    # Truthiness for the id check, a Counter for replay, one id per line in the file,
    # NamedTemporaryFile(delete=False) + os.replace.
    "counter_and_named_tempfile": {
        "process_once": '''
def process_once(event, handler, processed_ids):
    if not event.get("id"):
        raise ValueError("event has no id")
    key = event["id"]
    if key in processed_ids:
        return "duplicate"
    handler(event)
    processed_ids.add(key)
    return "processed"
''',
        "replay": '''
from collections import Counter

def replay(events, handler, processed_ids):
    counts = Counter(processed=0, duplicate=0, failed=0)
    for event in events:
        try:
            counts[process_once(event, handler, processed_ids)] += 1
        except Exception:
            counts["failed"] += 1
    return dict(counts)
''',
        "load_processed_ids": '''
def load_processed_ids(path):
    path = Path(path)
    if not path.exists():
        return set()
    return {line for line in path.read_text(encoding="utf-8").split("\\n") if line}
''',
        "save_processed_ids": '''
def save_processed_ids(path, ids):
    path = Path(path)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as tmp:
        tmp.write("\\n".join(sorted(ids)))
    os.replace(tmp.name, path)
''',
    },
    # try/except KeyError for the id, a match statement in replay, JSON with
    # path.with_suffix(".tmp") + Path.replace; logs and prints to stderr along the way.
    "with_suffix_and_logging": {
        "process_once": '''
import logging
import sys

logging.basicConfig()
log = logging.getLogger("receiver")

def process_once(event, handler, processed_ids):
    try:
        event_id = event["id"]
    except KeyError:
        raise ValueError("missing id") from None
    if event_id in (None, ""):
        raise ValueError("empty id")
    if event_id in processed_ids:
        log.warning("duplicate delivery of %s", event_id)
        return "duplicate"
    try:
        handler(event)
    except Exception:
        print(f"handler failed for {event_id}", file=sys.stderr)
        raise
    processed_ids.add(event_id)
    return "processed"
''',
        "replay": '''
def replay(events, handler, processed_ids):
    processed = duplicate = failed = 0
    for event in events:
        try:
            outcome = process_once(event, handler, processed_ids)
        except Exception as err:
            log.warning("event failed: %r", err)
            failed += 1
            continue
        match outcome:
            case "processed":
                processed += 1
            case "duplicate":
                duplicate += 1
    return {"processed": processed, "duplicate": duplicate, "failed": failed}
''',
        "load_processed_ids": '''
def load_processed_ids(path):
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except FileNotFoundError:
        log.warning("no saved ids at %s, starting empty", path)
        return set()
    return set(data["ids"])
''',
        "save_processed_ids": '''
def save_processed_ids(path, ids):
    path = Path(path)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"ids": sorted(ids)}), encoding="utf-8")
    tmp.replace(path)
    print(f"saved {len(ids)} ids", file=sys.stderr)
''',
    },
}

MISTAKES = {
    "marks_before_the_handler_succeeds": Mistake(loses=("process_once",), cells={"process_once": '''
def process_once(event, handler, processed_ids):
    event_id = event.get("id")
    if not event_id:
        raise ValueError("no id")
    if event_id in processed_ids:
        return "duplicate"
    processed_ids.add(event_id)
    handler(event)
    return "processed"
''', "replay": STANDALONE_REPLAY}),
    "no_deduplication": Mistake(loses=("process_once",), cells={"process_once": '''
def process_once(event, handler, processed_ids):
    event_id = event.get("id")
    if not event_id:
        raise ValueError("no id")
    handler(event)
    processed_ids.add(event_id)
    return "processed"
''', "replay": STANDALONE_REPLAY}),
    "swallows_handler_errors": Mistake(loses=("process_once",), cells={"process_once": '''
def process_once(event, handler, processed_ids):
    event_id = event.get("id")
    if not event_id:
        raise ValueError("no id")
    if event_id in processed_ids:
        return "duplicate"
    try:
        handler(event)
    except Exception:
        return "failed"
    processed_ids.add(event_id)
    return "processed"
''', "replay": STANDALONE_REPLAY}),
    "accepts_events_without_id": Mistake(loses=("process_once",), cells={"process_once": '''
def process_once(event, handler, processed_ids):
    event_id = event.get("id")
    if event_id in processed_ids:
        return "duplicate"
    handler(event)
    processed_ids.add(event_id)
    return "processed"
''', "replay": STANDALONE_REPLAY}),
    "accepts_a_null_id": Mistake(loses=("process_once",), cells={"process_once": '''
def process_once(event, handler, processed_ids):
    if "id" not in event:
        raise ValueError("no id")
    if event["id"] in processed_ids:
        return "duplicate"
    handler(event)
    processed_ids.add(event["id"])
    return "processed"
''', "replay": STANDALONE_REPLAY}),
    "accepts_an_empty_id": Mistake(loses=("process_once",), cells={"process_once": '''
def process_once(event, handler, processed_ids):
    if event.get("id") is None:
        raise ValueError("no id")
    if event["id"] in processed_ids:
        return "duplicate"
    handler(event)
    processed_ids.add(event["id"])
    return "processed"
''', "replay": STANDALONE_REPLAY}),
    "replay_stops_at_the_first_failure": Mistake(loses=("replay",), cells={"replay": '''
def replay(events, handler, processed_ids):
    counts = {"processed": 0, "duplicate": 0, "failed": 0}
    for event in events:
        counts[process_once(event, handler, processed_ids)] += 1
    return counts
'''}),
    "replay_breaks_after_a_failure": Mistake(loses=("replay",), cells={"replay": '''
def replay(events, handler, processed_ids):
    counts = {"processed": 0, "duplicate": 0, "failed": 0}
    for event in events:
        try:
            counts[process_once(event, handler, processed_ids)] += 1
        except Exception:
            counts["failed"] += 1
            break
    return counts
'''}),
    "replay_works_on_a_copy_of_the_set": Mistake(loses=("replay",), cells={"replay": '''
def replay(events, handler, processed_ids):
    seen = set(processed_ids)
    counts = {"processed": 0, "duplicate": 0, "failed": 0}
    for event in events:
        try:
            counts[process_once(event, handler, seen)] += 1
        except Exception:
            counts["failed"] += 1
    return counts
'''}),
    "load_raises_on_a_missing_file": Mistake(loses=("load_processed_ids",), cells={"load_processed_ids": '''
def load_processed_ids(path):
    with open(path, encoding="utf-8") as file:
        return set(json.load(file))
'''}),
    "save_writes_in_place": Mistake(loses=("save_processed_ids",), cells={
        "load_processed_ids": CORRECT_LOAD,
        "save_processed_ids": '''
def save_processed_ids(path, ids):
    with open(path, "w", encoding="utf-8") as file:
        json.dump(sorted(ids), file)
''',
    }),
    "save_copies_the_temporary_file_over": Mistake(loses=("save_processed_ids",), cells={
        "load_processed_ids": CORRECT_LOAD,
        "save_processed_ids": '''
import shutil

def save_processed_ids(path, ids):
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_text(json.dumps(sorted(ids)), encoding="utf-8")
    shutil.copyfile(tmp, path)
''',
    }),
    "save_appends_to_the_file": Mistake(loses=("save_processed_ids",), cells={
        "load_processed_ids": '''
def load_processed_ids(path):
    try:
        with open(path, encoding="utf-8") as file:
            return {line.rstrip("\\n") for line in file if line.strip()}
    except FileNotFoundError:
        return set()
''',
        "save_processed_ids": '''
def save_processed_ids(path, ids):
    with open(path, "a", encoding="utf-8") as file:
        for event_id in ids:
            file.write(event_id + "\\n")
''',
    }),
}
