"""The panel of labelled facts on a person's page: what it leaves out, how a long value wraps,
and the theme's colours for its labels and tones."""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from notebook.widgets.facts import LABEL_WIDTH, Facts

LABELS = (("title", "Title"), ("notes", "Notes"), ("status", "Status"))


class FactsApp(App[None]):
    CSS = """
    Facts { width: 32; }
    #muted { color: $text-muted; }
    #error { color: $text-error; }
    """

    def compose(self) -> ComposeResult:
        yield Facts(LABELS, id="facts")
        # What the theme paints text of these colours with, drawn as Textual draws a widget's.
        yield Static("muted", id="muted")
        yield Static("error", id="error")


def lines(app: App[None], widget_id: str) -> list[str]:
    region = app.query_one(f"#{widget_id}").region
    strips = app.screen._compositor.render_strips()
    return [
        "".join(s.text for s in strips[y]).rstrip()[region.x : region.right]
        for y in range(region.y, region.bottom)
    ]


def colour_of(app: App[None], widget_id: str, text: str) -> Style:
    """The style the first letters of `text` are drawn with, in widget `widget_id`."""
    region = app.query_one(f"#{widget_id}").region
    for strip in app.screen._compositor.render_strips()[region.y : region.bottom]:
        for segment in strip:
            if segment.text.strip().startswith(text) and segment.style is not None:
                return segment.style
    raise AssertionError(f"{text!r} is not drawn")


async def test_blank_facts_are_left_out_and_a_long_value_wraps_clear_of_the_labels() -> None:
    app = FactsApp()
    async with app.run_test(size=(60, 12)) as pilot:
        facts = app.query_one(Facts)
        facts.show("title", Content("Engineer"))
        facts.show("notes", Content("Met at the climbing gym; knows the hiring manager"))
        facts.show("status", Content("  "))
        await pilot.pause()
        assert lines(app, "facts") == [
            "Title       Engineer",
            "Notes       Met at the climbing",
            "            gym; knows the",
            "            hiring manager",
        ]
        assert facts.size.height == 4  # as tall as its facts
        assert facts.line_of("notes") == 1 and facts.line_of("status") is None
        assert facts.text("notes").startswith("Met at") and facts.text("status") == "  "

        facts.show("title", Content(""))  # emptied: its line goes, the rest move up
        facts.show("status", Content("on track"))
        await pilot.pause()
        assert lines(app, "facts")[0].startswith("Notes       Met at")
        assert lines(app, "facts")[-1] == "Status      on track"
        assert facts.line_of("status") == 3


async def test_labels_and_tones_are_drawn_in_the_themes_colours_in_every_theme() -> None:
    app = FactsApp()
    async with app.run_test(size=(60, 12)) as pilot:
        facts = app.query_one(Facts)
        facts.show("title", Content("Engineer"))
        facts.show("status", Content("overdue"), "error")
        for theme in ("textual-dark", "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            muted, error = colour_of(app, "muted", "muted"), colour_of(app, "error", "error")
            # "$text-muted" is an "auto" colour: given as a style by name, it was drawn white.
            assert colour_of(app, "facts", "Title").color == muted.color, theme
            assert colour_of(app, "facts", "overdue").color == error.color, theme
            assert colour_of(app, "facts", "Engineer").color != muted.color, theme


def test_the_label_column_holds_the_longest_label() -> None:
    from notebook.views import PROFILE_FACTS, RELATIONSHIP_FACTS

    longest = max(len(label) for _key, label in PROFILE_FACTS + RELATIONSHIP_FACTS)
    assert longest < LABEL_WIDTH  # and a space before the value


async def test_too_narrow_for_a_column_of_labels_each_label_goes_above_its_value() -> None:
    app = FactsApp()
    app.CSS = "Facts { width: 18; }"  # 6 cells beside a 12-cell label: too few
    async with app.run_test(size=(40, 12)) as pilot:
        facts = app.query_one(Facts)
        facts.show("title", Content("Engineer at Acme"))
        facts.show("notes", Content("Met at the gym"))
        await pilot.pause()
        assert lines(app, "facts") == [
            "Title",
            "Engineer at Acme",
            "Notes",
            "Met at the gym",
        ]
        assert facts.size.height == 4 and facts.line_of("notes") == 2
