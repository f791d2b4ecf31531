"""A RecordList keeps its cursor on the same record across new items: found by key (an edited
record is a new object with the same id), else the row that took the old one's place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual.app import App, ComposeResult
from textual.strip import Strip

from notebook.widgets.record_list import Column, RecordList


@dataclass(frozen=True)
class Row:
    name: str
    id: int


class Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordList[Row]([Column("Name", lambda r: r.name)], id="rows")
        yield RecordList[str]([Column("Word", str)], id="words")
        yield RecordList[Row](
            [Column("Name", lambda r: r.name)], key=lambda r: r.name.lower(), id="by-name"
        )


async def test_the_cursor_follows_the_kept_record() -> None:
    app = Lists()
    async with app.run_test() as pilot:
        rows = app.query_one("#rows", RecordList)
        everyone = [Row(f"Person {n}", n) for n in range(1, 2001)]
        rows.set_items(everyone)
        rows.cursor = 1500
        kept = rows.highlighted
        assert kept == everyone[1500]
        # Found by id far down a new list, even as a new object (an edit).
        shuffled = everyone[::-1]
        shuffled[3] = replace(shuffled[3], name="Edited")
        rows.set_items(shuffled, keep=kept)
        assert rows.cursor == 499 and rows.highlighted == kept
        edited = shuffled[3]
        rows.set_items(everyone[::-1], keep=edited)
        assert rows.cursor == 3
        # Gone: the row that took its place is highlighted, within the new list.
        rows.set_items(everyone[:10], keep=Row("Gone", 5000))
        assert rows.cursor == 3
        rows.cursor = 9
        rows.set_items(everyone[:4], keep=Row("Gone", 5000))
        assert rows.cursor == 3
        rows.set_items([], keep=everyone[0])
        assert rows.cursor == 0 and rows.highlighted is None
        await pilot.pause()


async def test_records_without_an_id_and_other_keys() -> None:
    app = Lists()
    async with app.run_test() as pilot:
        words = app.query_one("#words", RecordList)
        words.set_items(["alpha", "beta", "gamma"])
        words.cursor = 2
        words.set_items(["gamma", "delta"], keep="gamma")
        assert words.cursor == 0
        # Some with an id, some without: each keyed as the default key says.
        mixed: list[object] = ["alpha", Row("Beta", 7), "gamma"]
        words.set_items(mixed, keep=Row("Beta again", 7))
        assert words.cursor == 1
        words.set_items(mixed, keep="gamma")
        assert words.cursor == 2
        by_name = app.query_one("#by-name", RecordList)
        by_name.set_items([Row("Ann", 1), Row("Bo", 2), Row("Cy", 3)])
        by_name.set_items([Row("cy", 9), Row("ann", 8)], keep=Row("ANN", 0))
        assert by_name.cursor == 1
        await pilot.pause()


class CountedList(RecordList[Row]):
    """Counts the rows it draws, by index."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drawn: list[int] = []

    def render_line(self, y: int) -> Strip:
        self.drawn.append(round(self.scroll_y) + y - 1)
        return super().render_line(y)


class OneList(App[None]):
    def compose(self) -> ComposeResult:
        yield CountedList([Column("Name", lambda r: r.name)], id="rows")


async def test_moving_the_highlight_draws_again_only_the_rows_it_left_and_reached() -> None:
    app = OneList()
    async with app.run_test(size=(40, 12)) as pilot:
        rows = app.query_one(CountedList)
        rows.set_items([Row(f"Person {n}", n) for n in range(100)])
        rows.focus()
        await pilot.pause()
        rows.drawn = []
        await pilot.press("down", "down")
        await pilot.pause()
        assert sorted(set(rows.drawn)) == [0, 1, 2]  # not the other eight on screen
        assert rows.cursor == 2
        cursor_style = rows.get_visual_style("record-list--cursor").rich_style
        lines = app.screen._compositor.render_strips()
        highlighted = [
            y
            for y, line in enumerate(lines)
            if any(s.style and cursor_style.bgcolor == s.style.bgcolor for s in line)
        ]
        assert highlighted == [3]  # the third row, under the header: only that one
        rows.drawn = []
        await pilot.press("end")  # scrolled: every row on screen moves
        await pilot.pause()
        assert len(set(rows.drawn)) >= 10


class Widths(App[None]):
    """Lists whose columns fill their width, leave some of it, and need more than it has."""

    def compose(self) -> ComposeResult:
        name: Column[Row] = Column("Name", lambda r: r.name)
        number: Column[Row] = Column("No", lambda r: str(r.id), width=4, align="right")
        yield RecordList[Row]([name, number], id="fill")
        yield RecordList[Row]([replace(name, width=9), number], id="leave")
        yield RecordList[Row]([replace(name, width=30), replace(number, width=9)], id="need")


async def test_each_line_fills_the_width_exactly_whatever_its_cells_hold() -> None:
    """A line is made whole from its cells, each cut or padded to its column: one that says it
    is wider or narrower than what it holds would shift or leave behind what is beside it."""
    names = ["Zoë", "山田 太郎 山田 太郎 山田", "👩‍👩‍👧 family", "a" * 40, "", "x"]
    app = Widths()
    async with app.run_test(size=(25, 30)) as pilot:
        for rows in app.query(RecordList):
            rows.set_items([Row(name, n) for n, name in enumerate(names)])
        await pilot.pause()
        shown = {}
        for rows in app.query(RecordList):
            width = rows.scrollable_content_region.width
            lines = [rows.render_line(y) for y in range(len(names) + 2)]
            for line in lines:
                assert line.cell_length == width
                assert sum(segment.cell_length for segment in line) == width
            shown[rows.id] = [line.text for line in lines[:7]]
            # And so when the whole list is drawn at once, the way Textual draws it.
            assert {line.cell_length for line in rows.render_lines(rows.size.region)} == {
                rows.size.width
            }
        assert shown["fill"][1:3] + shown["fill"][4:6] == [
            "Zoë                     0",
            "山田 太郎 山田 太郎…    1",
            "aaaaaaaaaaaaaaaaaaa…    3",
            "                        4",
        ]
        assert shown["leave"][1:3] == ["Zoë          0           ", "山田 太 …    1           "]
        assert shown["need"][2:5:2] == ["山田 太郎 山田 太郎 山田 ", "a" * 25]
