"""The simulated day and the plots of lesson 1 (push or pull)."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from eventlab import traffic  # noqa: E402


# Small stand-ins for the learner's functions: the module must work with any
# correct implementation, and it holds none of its own.
def delays(event_times, interval):
    return [(math.floor(t / interval) + 1) * interval - t for t in event_times]


def wasted(event_times, interval, horizon):
    polls = math.floor(horizon / interval)
    busy = {math.floor(t / interval) + 1 for t in event_times} & set(range(1, polls + 1))
    return (polls - len(busy)) / polls


def peak(event_times, window):
    times = sorted(event_times)
    return max((sum(1 for u in times if t <= u < t + window) for t in times), default=0)


def not_written(*args):
    raise NotImplementedError()


@pytest.fixture(scope="module")
def day():
    return traffic.simulate_day()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_a_day_is_sorted_seconds_since_midnight(day):
    assert day == sorted(day)
    assert all(isinstance(t, float) for t in day)
    assert 0 <= day[0] and day[-1] < traffic.DAY_SECONDS


def test_the_same_seed_gives_the_same_day_and_another_seed_another(day):
    assert traffic.simulate_day() == day
    assert traffic.simulate_day(seed=traffic.DEFAULT_SEED) == day
    assert traffic.simulate_day(seed=1) != day


def test_a_day_has_a_quiet_night_and_a_campaign_burst(day):
    counts = traffic.counts_per_bin(day, traffic.HOUR)
    assert 600 < len(day) < 1300
    assert counts[:6].sum() < 30, "the night should be almost silent"
    campaign_hour = traffic.CAMPAIGN_START // traffic.HOUR
    assert counts[campaign_hour] == counts.max(), "the campaign hour should be the busiest"
    ten_minutes = traffic.counts_per_bin(day, 600)
    assert ten_minutes.max() > 10 * np.median(ten_minutes[ten_minutes > 0])


def test_the_day_lands_where_the_literature_does(day):
    # Mean wait about half the interval; most polls empty when events are rare.
    for interval in (60, 300, 900):
        mean = float(np.mean(delays(day, interval)))
        assert 0.4 * interval < mean < 0.6 * interval, (interval, mean)
    assert wasted(day, 10, traffic.DAY_SECONDS) > 0.9
    assert wasted(day, 60, traffic.DAY_SECONDS) > 0.6
    assert peak(day, 1) >= 4, "the campaign should bring several deliveries within one second"


def test_rate_per_second_is_the_baseline_plus_a_fading_campaign():
    night = traffic.rate_per_second(np.array([3 * traffic.HOUR]))[0]
    assert math.isclose(night, traffic.BASELINE_PER_HOUR[3] / traffic.HOUR)
    at_start = traffic.rate_per_second(np.array([traffic.CAMPAIGN_START]))[0]
    later = traffic.rate_per_second(np.array([traffic.CAMPAIGN_START + 1800]))[0]
    assert at_start > 100 * night
    assert later < at_start / 10


def test_counts_per_bin_uses_half_open_bins():
    assert list(traffic.counts_per_bin([0, 0.5, 1, 2.999, 3], 1, horizon=3)) == [2, 1, 1]
    assert list(traffic.counts_per_bin([], 10, horizon=30)) == [0, 0, 0]
    with pytest.raises(ValueError):
        traffic.counts_per_bin([1], 0)


def test_queue_backlog_grows_in_a_burst_and_drains():
    assert list(traffic.queue_backlog([3, 3, 0, 0, 0, 0], capacity=1)) == [2, 4, 3, 2, 1, 0]
    assert list(traffic.queue_backlog([1, 0, 1], capacity=2)) == [0, 0, 0]
    with pytest.raises(ValueError):
        traffic.queue_backlog([1], capacity=0)


def test_labels_read_as_times_and_durations():
    assert traffic._clock(18 * 3600 + 4 * 60 + 59) == "18:04"
    assert [traffic._duration(s) for s in (10, 60, 900, 3600)] == ["10 s", "1 min", "15 min", "1 h"]


def test_every_plot_has_a_title_labelled_axes_and_a_legend(day):
    figures = [
        traffic.plot_day(day),
        traffic.plot_delays(day, delays),
        traffic.plot_wasted_polls(day, wasted, delays),
        traffic.plot_push_burst(day, peak),
    ]
    for fig in figures:
        assert fig is not None
        for ax in fig.axes:
            assert ax.get_title()
            assert ax.get_xlabel() and ax.get_ylabel()
            assert ax.get_legend() is not None


def test_plots_use_the_learners_functions(day):
    calls = []

    def spy(event_times, window):
        calls.append(window)
        return 3

    fig = traffic.plot_push_burst(day, spy, window=1)
    assert calls == [1]
    left = fig.axes[0]
    assert any("3 events" in text.get_text() for text in left.get_legend().get_texts())


def test_a_plot_waits_politely_for_an_unwritten_exercise(day, capsys):
    assert traffic.plot_delays(day, not_written) is None
    assert traffic.plot_wasted_polls(day, not_written, delays) is None
    assert traffic.plot_wasted_polls(day, wasted, not_written) is None
    assert traffic.plot_push_burst(day, not_written) is None
    assert "not written yet" in capsys.readouterr().out
    assert plt.get_fignums() == [], "no empty figure should be left behind"


def test_other_errors_of_the_learner_are_not_hidden(day):
    def broken(event_times, interval):
        raise ZeroDivisionError("oops")

    with pytest.raises(ZeroDivisionError):
        traffic.plot_delays(day, broken)
