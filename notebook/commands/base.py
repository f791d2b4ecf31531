"""What the providers share: the view model, and fuzzy highlighting that never reads markup."""

from __future__ import annotations

from textual.command import Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..screens.base import host
from ..viewmodel import Notebook
from ..widgets.safe import display_text


class NotebookProvider(Provider):
    @property
    def notebook(self) -> Notebook:
        return host(self.app).notebook


def highlighted(matcher: Matcher, text: str) -> Content:
    """Like Matcher.highlight, but the text is plain: Matcher.highlight parses it as markup."""
    text = display_text(text)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize("reverse", offset, offset + 1)
    return content


def people_hit_score(query: str, name_score: float, rank: int) -> float:
    """A person's hit score, from the notebook's own ranking of names (see People.match)
    rather than the palette's fuzzy score of the label: typo'd names and names typed without
    their accents ("zoe" for Zoë) still show, and people stay in the order the notebook
    ranked them.

    It is on the scale of Textual's fuzzy score (see textual.fuzzy.FuzzySearch.score), a
    share of what it gives the query found whole at the start of a word: so a name typed
    closely outranks a command whose title merely holds its letters here and there ("zoe" in
    "Snooze or un-snooze reminders", which enter then ran on the person shown), and a command
    typed as it reads ("snooze") still outranks a name merely like it."""
    whole_at_a_word = (len(query.strip()) + len(query.split())) * 2 * 1.5
    return whole_at_a_word * (0.5 + 0.45 * name_score) - rank * 0.001
