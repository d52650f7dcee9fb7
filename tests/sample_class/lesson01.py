"""Lesson 1 submissions: other correct styles, and one student per misconception."""

from sample_class import Mistake

NOTEBOOK = "01_push_vs_pull.ipynb"

CORRECT = {
    # Walks from poll to poll: slow but plain; capitalised and padded choices are accepted.
    "poll_by_poll": {
        "polling_delays": '''
def polling_delays(event_times, interval):
    if not interval > 0:
        raise ValueError("the polling interval must be positive")
    waits = []
    for t in event_times:
        poll = interval
        while poll <= t:
            poll += interval
        waits.append(poll - t)
    return waits
''',
        "wasted_poll_ratio": '''
def wasted_poll_ratio(event_times, interval, horizon):
    if interval <= 0 or horizon < interval:
        raise ValueError("no poll happens before the horizon")
    total = empty = 0
    k = 1
    while k * interval <= horizon:
        p = k * interval
        total += 1
        if not any(p - interval <= t < p for t in event_times):
            empty += 1
        k += 1
    return empty / total
''',
        "peak_rate": '''
def peak_rate(event_times, window):
    if window <= 0:
        raise ValueError("the window must be positive")
    return max((sum(1 for u in event_times if s <= u < s + window) for s in event_times), default=0)
''',
        "push_or_pull": '''
CHOICES = {"payment_confirmation": "Push", "nightly_supplier_stock": " pull ", "ci_on_git_push": "PUSH"}
''',
    },
    # Integer division and bisect; logs a warning and prints to stderr, which must cost nothing.
    "floor_division_with_logging": {
        "polling_delays": '''
import logging
import sys

logging.basicConfig()
log = logging.getLogger("poller")

def polling_delays(event_times, interval):
    if interval <= 0:
        raise ValueError(f"bad interval {interval}")
    log.warning("computing %d waits", len(event_times))
    print("polling every", interval, "s", file=sys.stderr)
    return [interval * (t // interval + 1) - t for t in event_times]
''',
        "wasted_poll_ratio": '''
import collections
import logging

def wasted_poll_ratio(event_times, interval, horizon):
    polls = int(horizon // interval) if interval > 0 else 0
    if polls == 0:
        raise ValueError("there is no poll")
    per_poll = collections.Counter(int(t // interval) + 1 for t in event_times)
    busy = sum(1 for k in per_poll if k <= polls)
    logging.getLogger("poller").warning("%d of %d polls busy", busy, polls)
    return 1 - busy / polls
''',
        "peak_rate": '''
import bisect

def peak_rate(event_times, window):
    if window <= 0:
        raise ValueError("window must be > 0")
    times = sorted(event_times)
    return max((bisect.bisect_left(times, t + window) - i for i, t in enumerate(times)), default=0)
''',
        "push_or_pull": '''
CHOICES = dict(payment_confirmation="push", nightly_supplier_stock="pull", ci_on_git_push="push")
''',
    },
    # Modulo, numpy and a deque.
    "modulo_numpy_deque": {
        "polling_delays": '''
def polling_delays(event_times, interval):
    if interval <= 0:
        raise ValueError("interval must be positive")
    return [interval - (t % interval) for t in event_times]
''',
        "wasted_poll_ratio": '''
import numpy as np

def wasted_poll_ratio(event_times, interval, horizon):
    if interval <= 0:
        raise ValueError("interval must be positive")
    n = int(np.floor(horizon / interval))
    if n < 1:
        raise ValueError("no poll up to the horizon")
    k = np.floor(np.asarray(event_times, dtype=float) / interval).astype(int) + 1
    busy = np.unique(k[(k >= 1) & (k <= n)])
    return float(n - busy.size) / n
''',
        "peak_rate": '''
from collections import deque

def peak_rate(event_times, window):
    if window <= 0:
        raise ValueError("window must be positive")
    inside, best = deque(), 0
    for t in sorted(event_times):
        inside.append(t)
        while t - inside[0] >= window:
            inside.popleft()
        best = max(best, len(inside))
    return best
''',
    },
}

MISTAKES = {
    # Rounds up to the poll time, so an event on a poll time "waits" 0.
    "delay_zero_on_poll_time": Mistake(loses=("polling_delays",), cells={"polling_delays": '''
def polling_delays(event_times, interval):
    if interval <= 0:
        raise ValueError("interval must be positive")
    return [math.ceil(t / interval) * interval - t for t in event_times]
'''}),
    # Sorts the events first, so the waits no longer match the input order.
    "delays_in_sorted_order": Mistake(loses=("polling_delays",), cells={"polling_delays": '''
def polling_delays(event_times, interval):
    if interval <= 0:
        raise ValueError("interval must be positive")
    return [(math.floor(t / interval) + 1) * interval - t for t in sorted(event_times)]
'''}),
    # No check: 0 divides by zero and a negative interval gives negative waits.
    "delays_without_value_error": Mistake(loses=("polling_delays",), cells={"polling_delays": '''
def polling_delays(event_times, interval):
    return [(math.floor(t / interval) + 1) * interval - t for t in event_times]
'''}),
    # Stops before the horizon: the poll at the horizon itself is left out.
    "horizon_poll_left_out": Mistake(loses=("wasted_poll_ratio",), cells={"wasted_poll_ratio": '''
def wasted_poll_ratio(event_times, interval, horizon):
    if interval <= 0 or horizon < interval:
        raise ValueError("no poll")
    polls, p = [], interval
    while p < horizon:
        polls.append(p)
        p += interval
    empty = [p for p in polls if not any(p - interval <= t < p for t in event_times)]
    return len(empty) / len(polls)
'''}),
    # No poll at all divides by zero instead of raising ValueError.
    "no_poll_divides_by_zero": Mistake(loses=("wasted_poll_ratio",), cells={"wasted_poll_ratio": '''
def wasted_poll_ratio(event_times, interval, horizon):
    polls = math.floor(horizon / interval)
    busy = {math.floor(t / interval) + 1 for t in event_times if t < polls * interval}
    return (polls - len(busy)) / polls
'''}),
    # Counts events instead of busy polls: several events in one poll count several times.
    "counts_events_not_polls": Mistake(loses=("wasted_poll_ratio",), cells={"wasted_poll_ratio": '''
def wasted_poll_ratio(event_times, interval, horizon):
    polls = math.floor(horizon / interval)
    if polls < 1:
        raise ValueError("no poll")
    seen = [t for t in event_times if t < polls * interval]
    return max(0.0, (polls - len(seen)) / polls)
'''}),
    # A closed window [s, s + window]: an event at s + window is counted too.
    "closed_window": Mistake(loses=("peak_rate",), cells={"peak_rate": '''
def peak_rate(event_times, window):
    if window <= 0:
        raise ValueError("window must be positive")
    return max((sum(1 for u in event_times if s <= u <= s + window) for s in event_times), default=0)
'''}),
    # Two pointers without sorting: fine on sorted input, wrong on shuffled deliveries.
    "assumes_sorted_input": Mistake(loses=("peak_rate",), cells={"peak_rate": '''
def peak_rate(event_times, window):
    if window <= 0:
        raise ValueError("window must be positive")
    best, first = 0, 0
    for last, t in enumerate(event_times):
        while first < last and t - event_times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best
'''}),
    # max() of an empty sequence raises instead of returning 0; no check of the window either.
    "empty_input_crashes": Mistake(loses=("peak_rate",), cells={"peak_rate": '''
def peak_rate(event_times, window):
    return max(sum(1 for u in event_times if s <= u < s + window) for s in event_times)
'''}),
    # Counts per clock second (fixed bins) instead of any window start.
    "fixed_bins_not_sliding": Mistake(loses=("peak_rate",), cells={"peak_rate": '''
import collections

def peak_rate(event_times, window):
    if window <= 0:
        raise ValueError("window must be positive")
    bins = collections.Counter(math.floor(t / window) for t in event_times)
    return max(bins.values(), default=0)
'''}),
    # Polls for a payment a customer is waiting on.
    "polls_for_payments": Mistake(loses=("push_or_pull",), cells={"push_or_pull": '''
CHOICES = {"payment_confirmation": "pull", "nightly_supplier_stock": "pull", "ci_on_git_push": "push"}
'''}),
    # Wants webhooks on a laptop behind a firewall, from a supplier that has none.
    "webhook_behind_a_firewall": Mistake(loses=("push_or_pull",), cells={"push_or_pull": '''
CHOICES = {"payment_confirmation": "push", "nightly_supplier_stock": "push", "ci_on_git_push": "push"}
'''}),
}
