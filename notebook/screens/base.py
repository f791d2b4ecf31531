"""What every notebook screen shares: the view model, and refreshing after a write."""

from __future__ import annotations

from typing import Protocol, cast

from textual.app import App
from textual.screen import Screen

from ..viewmodel import Notebook


class NotebookHost(Protocol):
    """The app as screens see it."""

    notebook: Notebook
    revision: int

    def changed(self) -> None: ...


def host(app: App[object]) -> NotebookHost:
    return cast(NotebookHost, app)


class NotebookScreen(Screen[None]):
    """A screen that shows notebook data and redraws it when the notebook changes."""

    _seen_revision = -1

    @property
    def notebook(self) -> Notebook:
        return host(self.app).notebook

    def people_in_view(self) -> tuple[int, ...]:
        """Who a note taken from this screen is about, if anyone."""
        return ()

    def focus_search(self) -> bool:
        """Focus this screen's search box; False if it has none."""
        return False

    def refresh_data(self) -> None:
        """Re-read what this screen shows from the view model."""

    def sync(self) -> None:
        revision = host(self.app).revision
        if revision != self._seen_revision:
            self._seen_revision = revision
            self.refresh_data()

    def on_screen_resume(self) -> None:
        self.sync()
