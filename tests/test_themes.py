"""Every theme offered reads: each text colour the app draws against each background it is drawn
on, at least 4.5:1 (WCAG AA), shipped themes as designed and Textual's built-ins as adjusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from notebook.themes import (
    MIN_CONTRAST,
    SOLID_MUTED,
    TEXT_ON,
    contrast_problems,
    contrast_ratio,
    load_themes,
    readable,
    resolve,
    shipped_themes_dir,
    theme_colours,
    with_solid_muted,
)

SHIPPED, _ = load_themes(shipped_themes_dir())


def test_contrast_ratio_follows_wcag() -> None:
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, black) == pytest.approx(21.0)
    assert contrast_ratio(Color(118, 118, 118), white) == pytest.approx(4.54, abs=0.01)


def test_auto_colours_are_judged_as_painted() -> None:
    # "auto 60%" on a light page is black at 60%: a grey, not the pure white a partial style
    # would give.
    page = Color(250, 247, 240)
    grey = resolve("auto 60%", page)
    assert grey.a == 1
    assert 0.3 < grey.brightness < 0.5
    assert MIN_CONTRAST < contrast_ratio(grey, page) < 8


@pytest.mark.parametrize("theme", SHIPPED, ids=lambda t: t.name)
def test_shipped_themes_read_as_designed(theme: Theme) -> None:
    assert contrast_problems(theme_colours(theme)) == []


def test_both_shipped_themes_are_offered() -> None:
    assert {t.name for t in SHIPPED} == {"notebook-dark", "notebook-light"}


@pytest.mark.parametrize("name", sorted(BUILTIN_THEMES))
def test_every_builtin_theme_reads_once_adjusted(name: str) -> None:
    assert contrast_problems(readable(theme_colours(BUILTIN_THEMES[name]))) == []


def test_a_theme_that_reads_is_left_alone() -> None:
    colours = theme_colours(BUILTIN_THEMES["dracula"])
    assert readable(colours) is colours


def test_only_failing_colours_change_and_keep_their_direction() -> None:
    colours = theme_colours(BUILTIN_THEMES["textual-light"])
    fixed = readable(colours)
    changed = {name for name in colours if fixed[name] != colours[name]}
    assert changed and changed <= set(TEXT_ON)
    for name in changed:
        # On a light page a failing orange is darkened, not replaced by another hue's black.
        before, after = Color.parse(colours[name]), Color.parse(fixed[name])
        assert after.brightness < before.brightness


def test_a_users_unreadable_theme_is_made_readable(tmp_path: Path) -> None:
    (tmp_path / "pale.toml").write_text(
        'name = "pale"\ndark = false\nprimary = "#FFE680"\nforeground = "#DDDDDD"\n'
        'background = "#FFFFFF"\nsurface = "#FAFAFA"\npanel = "#F0F0F0"\n'
        'warning = "#FFD700"\nerror = "#FF9999"\nsuccess = "#99FF99"\naccent = "#FFFF00"\n'
    )
    (theme,), problems = load_themes(tmp_path)
    assert problems == []
    before = contrast_problems(theme_colours(theme))
    assert len(before) > 5
    fixed = readable(theme_colours(theme))
    assert contrast_problems(fixed) == []
    page = Color.parse(fixed["surface"])
    assert contrast_ratio(resolve(fixed["foreground"], page), page) >= MIN_CONTRAST


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ('name = "Eve [/]"\nprimary = "#004488"\n', "letters, digits and dashes"),
        ('name = "[@click=app.quit]x"\nprimary = "#004488"\n', "letters, digits and dashes"),
        ('name = "bad"\nprimary = "#zzzzzz"\n', "bad.toml: "),
        ('name = "bad"\nprimary = "#004488"\nbackground = "nope"\n', "bad.toml: "),
        ('name = "bad"\nprimary = "#004488"\n[variables]\nborder = "#nothex"\n', "bad.toml: "),
    ],
)
def test_a_theme_that_could_not_be_shown_is_refused_when_read(
    tmp_path: Path, lines: str, said: str
) -> None:
    """Never when someone picks it: the picker shows its name as markup and applies every
    colour (a crash of the whole app, before)."""
    (tmp_path / "bad.toml").write_text(lines)
    (tmp_path / "good.toml").write_text('name = "my-theme_2"\nprimary = "#004488"\n')
    themes, problems = load_themes(tmp_path)
    assert [theme.name for theme in themes] == ["my-theme_2"]
    assert len(problems) == 1 and said in problems[0], problems


@pytest.mark.parametrize("name", sorted(n for n in BUILTIN_THEMES if "ansi" not in n))
def test_solid_muted_text_reads_on_every_page_and_is_muted_as_painted(name: str) -> None:
    colours = with_solid_muted(readable(theme_colours(BUILTIN_THEMES[name])))
    surface = Color.parse(colours["surface"])
    pages = [surface + Color.parse(colours[page]) for page in TEXT_ON["text-muted"]]
    solid = Color.parse(colours[SOLID_MUTED])
    assert min(contrast_ratio(solid, page) for page in pages) >= MIN_CONTRAST
    # Muted text as Textual paints it on the surface, wherever that reads on every page.
    muted = resolve(colours["text-muted"], surface)
    if all(contrast_ratio(muted, page) >= MIN_CONTRAST for page in pages):
        assert solid == muted
    assert solid != Color(255, 255, 255)  # what Textual drew for it inside text
