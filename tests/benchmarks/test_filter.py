"""Filtering the People list as you type, in a headless app: keystroke → rows repainted."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.strip import Strip

from notebook.app import NotebookApp
from notebook.demo import FIRST
from notebook.records import Person
from notebook.screens.people import PeopleScreen
from notebook.widgets.record_list import RecordList

from ..conftest import SIZE, TODAY
from ..ui.burst import burst
from .support import RESULTS, TIERS, TierFile, opened_as_its_own

pytestmark = pytest.mark.bench

# Type a name and take it back again, twice: 24 keystrokes, each one a measurement.
WORD = "hannah"
# Seven letters of a first name, sent at once as a laggy link or a text expander sends them.
BURST = next(name for name in FIRST if len(name) >= 7)[:7].lower()
BURST_RUNS = 5
ROUNDS = 2
TIMEOUT = 10.0


class Probe:
    """Wraps one RecordList's set_items and render_line to timestamp them."""

    def __init__(self, listing: RecordList[Person]) -> None:
        self.listing = listing
        self.set_at = 0.0
        self.painted: list[float] = []
        set_items, render_line = listing.set_items, listing.render_line

        def timed_set_items(items: Sequence[Person], *, keep: Person | None = None) -> None:
            set_items(items, keep=keep)
            self.set_at = time.perf_counter()

        def timed_render_line(y: int) -> Strip:
            strip = render_line(y)
            self.painted.append(time.perf_counter())
            return strip

        # Instance attributes shadow the methods; Textual looks both up on the instance.
        listing.set_items = timed_set_items  # type: ignore[method-assign]
        listing.render_line = timed_render_line  # type: ignore[method-assign]

    async def keystroke(self, pilot: Pilot[Any], key: str) -> tuple[float, float]:
        """Seconds from the key press until the list held new rows, and until they were drawn."""
        self.set_at = 0.0
        self.painted.clear()
        start = time.perf_counter()
        await pilot.press(key)
        deadline = start + TIMEOUT
        while not (self.set_at and any(t > self.set_at for t in self.painted)):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the list was not redrawn after {key!r}")
            await asyncio.sleep(0.0005)
        # The whole frame is drawn in one go: once a line after set_items is drawn, the rest is.
        painted = max(t for t in self.painted if t > self.set_at)
        return self.set_at - start, painted - start


@pytest.mark.parametrize("tier", TIERS)
async def test_filter_people(tier: str, tier_files: dict[str, TierFile]) -> None:
    items: list[float] = []
    drawn: list[float] = []
    with opened_as_its_own(tier_files[tier].path, TODAY) as notebook:
        app = NotebookApp(notebook, user_files=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PeopleScreen)
            listing = app.screen.query_one("#people", RecordList)
            assert len(listing.items) == notebook.people.count()
            await pilot.press("slash")
            probe = Probe(listing)
            for _ in range(ROUNDS):
                for n, key in enumerate(WORD):
                    to_items, to_drawn = await probe.keystroke(pilot, key)
                    expected = notebook.people.listing(WORD[: n + 1])
                    assert [p.id for p in listing.items] == [p.id for p in expected]
                    items.append(to_items)
                    drawn.append(to_drawn)
                for _ in WORD:
                    to_items, to_drawn = await probe.keystroke(pilot, "backspace")
                    items.append(to_items)
                    drawn.append(to_drawn)
                assert len(listing.items) == notebook.people.count()
    RESULTS.record("filter_items", tier, items)
    RESULTS.record("filter", tier, drawn)
    RESULTS.note(f"filter ({tier}): slowest of {len(drawn)} keystrokes {max(drawn) * 1000:.0f} ms")


@pytest.mark.parametrize("tier", TIERS)
async def test_filter_people_in_a_burst(tier: str, tier_files: dict[str, TierFile]) -> None:
    """Seven letters arrive at once: from the first key to the final query's rows drawn."""
    drawn: list[float] = []
    with opened_as_its_own(tier_files[tier].path, TODAY) as notebook:
        app = NotebookApp(notebook, user_files=False)
        expected = [p.id for p in notebook.people.listing(BURST)]
        assert expected, f"someone's name starts {BURST!r}"
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            listing = app.screen.query_one("#people", RecordList)
            await pilot.press("slash")
            probe = Probe(listing)
            for _ in range(BURST_RUNS):
                probe.set_at = 0.0
                probe.painted.clear()
                start = time.perf_counter()
                await burst(pilot, BURST)
                deadline = start + TIMEOUT
                while not (
                    [p.id for p in listing.items] == expected
                    and probe.set_at
                    and any(t > probe.set_at for t in probe.painted)
                ):
                    if time.perf_counter() > deadline:
                        raise TimeoutError("the burst's rows were not drawn")
                    await asyncio.sleep(0.0005)
                drawn.append(max(probe.painted) - start)
                await burst(pilot, *(["<backspace>"] * len(BURST)))
                while len(listing.items) != notebook.people.count():
                    await asyncio.sleep(0.001)
                await pilot.pause()
    RESULTS.record("filter_burst", tier, drawn)
