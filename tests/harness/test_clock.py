"""Waiting on carrier time (clock.wait_for): how many looks a wait makes, what it measures,
and how often it asks the carrier what time it is (each ask is a request to its test
environment, on every wait of every walk)."""

from __future__ import annotations

import datetime as dt

from walkthrough.clock import look_for, wait_for, wait_late

START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


class CountingClock:
    """A test clock that moves only when moved, and counts the times it was read."""

    poll = 1.0

    def __init__(self) -> None:
        self.at, self.reads, self.moves = START, 0, 0

    def now(self) -> dt.datetime:
        self.reads += 1
        return self.at

    def advance(self, seconds: float) -> dt.datetime:
        self.moves += 1
        self.at += dt.timedelta(seconds=seconds)
        return self.at

    def advance_to(self, when: dt.datetime) -> None:
        self.at = max(self.at, when)


def test_a_wait_from_now_reads_the_clock_once_before_and_once_after():
    clock = CountingClock()
    found, seconds = wait_for(clock, lambda: "sms", 60)
    assert (found, seconds) == ("sms", 0.0)
    assert clock.reads == 2 and clock.moves == 0


def test_looking_for_what_is_there_at_once_does_not_read_the_clock():
    clock = CountingClock()
    assert look_for(clock, lambda: "reply", 20) == "reply"
    assert clock.reads == 0 and clock.moves == 0
    # since an earlier moment too: what is left of the wait matters only to the looks after
    assert look_for(clock, lambda: "reply", 20, since=START) == "reply"
    assert clock.reads == 0


def test_a_wait_since_an_earlier_moment_reads_the_clock_once_it_has_to_go_on():
    clock = CountingClock()
    clock.at = START + dt.timedelta(seconds=10)
    came = START + dt.timedelta(seconds=25)
    found = look_for(clock, lambda: "sms" if clock.at >= came else None, 240, since=START)
    # the first look (at 10 s) finds nothing; one read says 230 s are left; 10-s looks follow
    assert found == "sms" and clock.at == START + dt.timedelta(seconds=30)
    assert clock.reads == 1 and clock.moves == 2


def test_looking_for_what_never_comes_looks_for_the_whole_wait_and_finds_nothing():
    clock = CountingClock()
    looks: list[dt.datetime] = []
    assert look_for(clock, lambda: looks.append(clock.at), 240) is None
    assert len(looks) == 25 and clock.at - START == dt.timedelta(seconds=240)
    assert clock.reads == 0


def test_what_comes_later_is_found_at_the_look_after_it_came_and_timed_to_that_look():
    clock = CountingClock()
    came = START + dt.timedelta(seconds=25)
    found, seconds = wait_for(clock, lambda: "sms" if clock.at >= came else None, 240)
    # 240 s in looks of 10 s (a 24th of the wait): the third look after the first sees it
    assert (found, seconds) == ("sms", 30.0)
    assert clock.moves == 3


def test_nothing_in_time_is_nothing_after_every_look_of_the_wait():
    clock = CountingClock()
    looks: list[dt.datetime] = []
    found, seconds = wait_for(clock, lambda: looks.append(clock.at), 240)
    assert found is None
    assert len(looks) == 25 and looks[-1] - looks[0] == dt.timedelta(seconds=240)
    assert seconds == 240.0


def test_a_wait_since_an_earlier_moment_has_only_what_is_left_of_it():
    clock = CountingClock()
    clock.at = START + dt.timedelta(seconds=200)
    looks: list[dt.datetime] = []
    found, seconds = wait_for(clock, lambda: looks.append(clock.at), 240, since=START)
    assert found is None
    assert looks[0] == START + dt.timedelta(seconds=200) and len(looks) == 5
    assert seconds == 240.0


def test_a_late_answer_is_found_and_said_how_late():
    clock = CountingClock()
    came = START + dt.timedelta(seconds=500)
    found, seconds = wait_late(clock, lambda: "bill" if clock.at >= came else None, 240,
                               late=2400, since=START)
    assert found == "bill" and 500 <= seconds < 500 + 2640 / 24
