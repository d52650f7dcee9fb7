"""A day of shop events, and the plots of lesson 1 (push or pull).

Why this module exists: the tradeoff between polling and webhooks is easier
to see than to read.  This module makes one realistic, bursty day of order
events (a quiet night, a busy afternoon, a marketing e-mail at 18:00 that
sets off a burst) and draws what that day means for a poller and for a
webhook receiver.

The plots take the learner's own functions as arguments (``polling_delays``,
``wasted_poll_ratio``, ``peak_rate``): the figures are computed with the code
written in the lesson, and nothing here solves those exercises.  Until an
exercise is done, its plot prints a short note instead of failing.
"""

from __future__ import annotations

import io
from typing import Callable, Sequence

import numpy as np

DAY_SECONDS = 86_400
HOUR = 3_600

# Orders per hour on an ordinary day, hour 0 to 23: almost nothing at night,
# a morning ramp, a lunch bump, a busy evening.
BASELINE_PER_HOUR: tuple[float, ...] = (
    3, 2, 1, 1, 1, 2,  # 00-05 night
    6, 12, 20, 26, 28, 30,  # 06-11 morning
    40, 36, 28, 26, 28, 32,  # 12-17 lunch and afternoon
    36, 40, 34, 24, 14, 6,  # 18-23 evening
)

# The campaign: an e-mail to every customer at 18:04.  Orders jump to
# CAMPAIGN_PEAK per second, then fade with a time constant of CAMPAIGN_DECAY
# seconds, which adds about CAMPAIGN_PEAK * CAMPAIGN_DECAY orders.
CAMPAIGN_START = 18 * HOUR + 4 * 60
CAMPAIGN_PEAK = 1.5
CAMPAIGN_DECAY = 300.0

DEFAULT_SEED = 2024

LearnerFunction = Callable[..., object]


def rate_per_second(seconds: np.ndarray) -> np.ndarray:
    """The expected number of events per second at each given second of the day."""
    seconds = np.asarray(seconds, dtype=float)
    hours = np.clip((seconds // HOUR).astype(int), 0, 23)
    base = np.asarray(BASELINE_PER_HOUR, dtype=float)[hours] / HOUR
    since = seconds - CAMPAIGN_START
    campaign = np.where(
        since >= 0, CAMPAIGN_PEAK * np.exp(-np.maximum(since, 0) / CAMPAIGN_DECAY), 0.0
    )
    return base + campaign


def simulate_day(seed: int = DEFAULT_SEED) -> list[float]:
    """One day of event times in seconds since midnight, sorted, in [0, 86400).

    Each second gets a Poisson number of events at that second's rate, placed
    uniformly inside the second and rounded to the millisecond, as a provider's
    timestamps would be.  The same seed always gives the same day.
    """
    rng = np.random.default_rng(seed)
    starts = np.arange(DAY_SECONDS, dtype=float)
    counts = rng.poisson(rate_per_second(starts))
    times = np.repeat(starts, counts) + rng.random(int(counts.sum()))
    times = np.minimum(np.round(times, 3), DAY_SECONDS - 0.001)
    return sorted(float(t) for t in times)


def counts_per_bin(
    event_times: Sequence[float], bin_seconds: float, horizon: float = DAY_SECONDS
) -> np.ndarray:
    """How many events fall in each bin [k*bin, (k+1)*bin) from 0 to horizon."""
    if bin_seconds <= 0:
        raise ValueError(f"bin_seconds must be positive, got {bin_seconds!r}")
    bins = int(np.ceil(horizon / bin_seconds))
    index = np.floor(np.asarray(event_times, dtype=float) / bin_seconds).astype(int)
    index = index[(index >= 0) & (index < bins)]
    return np.bincount(index, minlength=bins)


def queue_backlog(arrivals_per_second: Sequence[int], capacity: float) -> np.ndarray:
    """Events waiting in a queue at the end of each second.

    The receiver answers every delivery at once and queues the work; workers
    take ``capacity`` events per second.  A burst becomes a backlog that
    drains, instead of timeouts that the provider would count as failures.
    """
    if capacity <= 0:
        raise ValueError(f"capacity must be positive, got {capacity!r}")
    backlog = np.zeros(len(arrivals_per_second))
    waiting = 0.0
    for second, arrived in enumerate(arrivals_per_second):
        waiting = max(0.0, waiting + arrived - capacity)
        backlog[second] = waiting
    return backlog


def _clock(seconds: float) -> str:
    """Seconds since midnight as HH:MM."""
    minutes = int(seconds // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _duration(seconds: float) -> str:
    """A polling interval as a short label: '10 s', '5 min', '1 h'."""
    if seconds < 60:
        return f"{seconds:g} s"
    if seconds < HOUR:
        return f"{seconds / 60:g} min"
    return f"{seconds / HOUR:g} h"


def _try(function: LearnerFunction, *args: object) -> object | None:
    """Call a learner's function; None (and a note) if it is not written yet."""
    try:
        return function(*args)
    except NotImplementedError:
        name = getattr(function, "__name__", "the function")
        print(
            f"{name} is not written yet: write it above, run its cell, "
            "then run this cell again to see the plot."
        )
        return None


def _show(fig):
    """Show a figure in a notebook as one PNG, drawn once, and return it.

    Jupyter's inline display draws a figure twice (once to measure a tight
    bounding box); drawing it once here keeps the lesson quick.  Outside a
    notebook (tests, scripts) the figure is simply returned.
    """
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:
        return fig
    if get_ipython() is None:
        return fig
    import matplotlib.pyplot as plt

    png = io.BytesIO()
    fig.savefig(png, format="png")
    plt.close(fig)
    display(Image(png.getvalue()))
    return fig


def _hour_axis(ax) -> None:
    """An x axis of clock times over one day."""
    ticks = np.arange(0, 25, 3)
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{h:02d}:00" for h in ticks])
    ax.set_xlim(0, 24)
    ax.set_xlabel("time of day (hours)")


def plot_day(event_times: Sequence[float], bin_seconds: float = 600):
    """Events per bin over the day, with the campaign marked.

    The y axis is cut above the ordinary traffic so that the quiet night and
    the busy afternoon stay visible; the burst's bar carries its real count.
    """
    import matplotlib.pyplot as plt

    counts = counts_per_bin(event_times, bin_seconds)
    edges = np.arange(len(counts) + 1) * bin_seconds / HOUR
    campaign_bin = int(CAMPAIGN_START // bin_seconds)
    ordinary = np.delete(counts, [campaign_bin, campaign_bin + 1])
    top = max(3 * int(ordinary.max(initial=1)), 10)
    fig, ax = plt.subplots(figsize=(9, 3.4))
    # Fixed margins: an automatic layout engine would triple the drawing time.
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.91)
    ax.stairs(counts, edges, fill=True, color="#4c72b0",
              label=f"events per {_duration(bin_seconds)}")
    ax.axvline(CAMPAIGN_START / HOUR, color="#c44e52", linestyle="--",
               label=f"campaign e-mail sent ({_clock(CAMPAIGN_START)})")
    for index in np.flatnonzero(counts > top):
        ax.annotate(f"{counts[index]} events\n(bar cut off)",
                    ((index + 1) * bin_seconds / HOUR, top * 0.97),
                    xytext=(6, 0), textcoords="offset points", va="top", fontsize=9)
        break
    ax.set_ylim(0, top)
    _hour_axis(ax)
    ax.set_ylabel(f"events per {_duration(bin_seconds)}")
    ax.set_title(f"One day at the shop: {len(event_times)} events, "
                 "a quiet night and a burst after a campaign e-mail")
    ax.legend(loc="upper left")
    return _show(fig)


def plot_delays(
    event_times: Sequence[float],
    polling_delays: LearnerFunction,
    intervals: Sequence[float] = (60, 300, 900),
):
    """Box plots of how long each event waits: push, then polling at each interval."""
    delays = {}
    for interval in intervals:
        result = _try(polling_delays, list(event_times), interval)
        if result is None:
            return None
        delays[interval] = np.asarray(result, dtype=float)

    import matplotlib.pyplot as plt

    labels = ["push\n(webhook)"] + [f"poll every\n{_duration(i)}" for i in intervals]
    data = [np.zeros(len(event_times)) / 60] + [delays[i] / 60 for i in intervals]
    fig, ax = plt.subplots(figsize=(9, 4))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.19, top=0.92)
    ax.boxplot(data, showmeans=True, whis=(0, 100), widths=0.5,
               meanprops={"marker": "D", "markerfacecolor": "#dd8452",
                          "markeredgecolor": "black"},
               medianprops={"color": "#4c72b0", "linewidth": 2})
    ax.set_xlim(0.5, len(labels) + 0.8)
    ax.set_xticks(range(1, len(labels) + 1))
    ax.set_xticklabels(labels)
    for position, interval in enumerate(intervals, start=2):
        mean = delays[interval].mean() / 60
        ax.hlines(interval / 2 / 60, position - 0.35, position + 0.35, colors="#c44e52",
                  linestyles="--")
        ax.annotate(f"mean {mean:.1f} min", (position + 0.3, mean), fontsize=9,
                    xytext=(4, 0), textcoords="offset points", va="center")
    ax.annotate("push: about the network's delay,\nwell under a second", (1, 0),
                xytext=(10, 45), textcoords="offset points", ha="left", fontsize=9,
                arrowprops={"arrowstyle": "->"})
    ax.plot([], [], "D", color="#dd8452", markeredgecolor="black", label="mean wait")
    ax.plot([], [], "--", color="#c44e52", label="half the polling interval")
    ax.plot([], [], color="#4c72b0", linewidth=2, label="median wait")
    ax.set_xlabel("how the events reach your code")
    ax.set_ylabel("wait from event to delivery (minutes)")
    ax.set_title(f"How long each of the day's {len(event_times)} events waits "
                 "(boxes: middle half, whiskers: shortest to longest)")
    ax.legend(loc="upper left")
    return _show(fig)


def plot_wasted_polls(
    event_times: Sequence[float],
    wasted_poll_ratio: LearnerFunction,
    polling_delays: LearnerFunction,
    interval: float = 60,
    intervals: Sequence[float] = (10, 30, 60, 120, 300, 600, 900),
):
    """Left: share of empty polls hour by hour.  Right: wasted polls against waiting time."""
    times = np.asarray(event_times, dtype=float)
    per_hour = []
    for hour in range(24):
        inside = times[(times >= hour * HOUR) & (times < (hour + 1) * HOUR)] - hour * HOUR
        ratio = _try(wasted_poll_ratio, [float(t) for t in inside], interval, HOUR)
        if ratio is None:
            return None
        per_hour.append(float(ratio))
    day_ratios, mean_waits = [], []
    for each in intervals:
        ratio = _try(wasted_poll_ratio, list(event_times), each, DAY_SECONDS)
        delays = _try(polling_delays, list(event_times), each)
        if ratio is None or delays is None:
            return None
        day_ratios.append(float(ratio))
        mean_waits.append(float(np.mean(delays)) / 60 if len(delays) else 0.0)

    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4),
                                      gridspec_kw={"width_ratios": [3, 2]})
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.13, top=0.92, wspace=0.18)
    day_share = _try(wasted_poll_ratio, list(event_times), interval, DAY_SECONDS)
    left.bar(np.arange(24) + 0.5, [100 * r for r in per_hour], width=0.8, color="#8c8c8c",
             label=f"empty polls in that hour ({_duration(interval)} polling)")
    left.axhline(100 * float(day_share), color="#c44e52", linestyle="--",
                 label=f"whole day: {100 * float(day_share):.0f}% empty")
    _hour_axis(left)
    left.set_ylim(0, 105)
    left.set_ylabel("polls that found nothing (%)")
    left.set_title(f"Polling every {_duration(interval)}: "
                   f"{int(DAY_SECONDS // interval)} requests a day")
    left.legend(loc="lower left")

    right.plot(mean_waits, [100 * r for r in day_ratios], "o-", color="#4c72b0",
               label="polling, one point per interval")
    for wait, ratio, each in zip(mean_waits, day_ratios, intervals):
        right.annotate(_duration(each), (wait, 100 * ratio), xytext=(5, -12),
                       textcoords="offset points", fontsize=9)
    right.plot([0], [0], "*", markersize=14, color="#dd8452",
               label="push: no polls, no wait\n(but it needs an endpoint)")
    right.set_xlabel("mean wait per event (minutes)")
    right.set_ylabel("polls that found nothing (%)")
    right.set_ylim(-5, 105)
    right.set_xlim(-0.05 * max(mean_waits), 1.2 * max(mean_waits))
    right.set_title("Shorter wait costs more empty polls")
    right.legend(loc="center right", fontsize=9)
    return _show(fig)


def plot_push_burst(
    event_times: Sequence[float],
    peak_rate: LearnerFunction,
    window: float = 1,
    capacity: float = 1,
    start: float = CAMPAIGN_START - 60,
    minutes: int = 12,
):
    """Left: deliveries per second around the campaign.  Right: a queue absorbing them."""
    peak = _try(peak_rate, list(event_times), window)
    if peak is None:
        return None
    times = np.asarray(event_times, dtype=float)
    span = minutes * 60
    shown = times[(times >= start) & (times < start + span)] - start
    per_second = counts_per_bin(shown, 1, span)
    backlog = queue_backlog(per_second, capacity)
    average = len(times) / DAY_SECONDS * window

    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), sharex=True)
    fig.subplots_adjust(left=0.06, right=0.97, bottom=0.13, top=0.92, wspace=0.2)
    edges = (start + np.arange(span + 1)) / 60
    left.stairs(per_second, edges, fill=True, color="#4c72b0",
                label="webhook deliveries in that second")
    left.axhline(int(peak), color="#c44e52", linestyle="--",
                 label=f"busiest {_duration(window)} window of the day, "
                       f"any start: {int(peak)} events")
    left.axhline(average, color="black", linestyle=":",
                 label=f"average {_duration(window)} of the day: {average:.3f} events")
    left.set_xlim(edges[0], edges[-1])
    left.set_ylim(0, int(peak) * 1.25 + 2)
    left.set_ylabel("deliveries in each clock second")
    left.set_title(f"Push: the busiest {_duration(window)} brings "
                   f"{int(peak) / average:,.0f} times the average")
    left.legend(loc="upper right", fontsize=9)

    right.stairs(backlog, edges, fill=True, color="#dd8452", alpha=0.8,
                 label=f"events waiting in the queue\n(workers handle {capacity:g} per second)")
    right.set_ylabel("events waiting in the queue")
    right.set_title("Answer 2xx at once, queue the work: the burst drains")
    right.legend(loc="upper right", fontsize=9)
    ticks = np.arange(start / 60, (start + span) / 60 + 1, 2)
    for ax in (left, right):
        ax.set_xticks(ticks)
        ax.set_xticklabels([_clock(t * 60) for t in ticks])
        ax.set_xlabel("time of day (HH:MM)")
    return _show(fig)
