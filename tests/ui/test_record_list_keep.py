"""A RecordList keeps its cursor on the same record across new items: found by key (an edited
record is a new object with the same id), else the row that took the old one's place."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import App, ComposeResult

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
