"""Referrals: how warm my link to someone is, and the introduction paths to a company, a
person or a role (`notebook.referrals`), answered by the referral engine (graph.py) from the
other parts' own indexes."""

from __future__ import annotations

from .. import graph
from ..graph import ReferralResult, Warmth, warmth_of
from .base import Part


class Referrals(Part):
    """The referral engine over this notebook, made on the first query and kept up to date."""

    def _load(self) -> None:
        # Made on the first query and kept from then on (see _engine and _after_write); a
        # reload starts afresh.
        self._cache: graph.Referrals | None = None
        self._shape = 0  # bumped by every change to people or ties
        self._caught_up = 0  # the _shape the engine's indexes have caught up with

    def graph_changed(self) -> None:
        """People or ties changed: the engine catches up on its next query."""
        self._shape += 1

    def _after_write(self, *, afresh: bool) -> None:
        # The engine reads the indexes as they are: a change to people or ties is caught up
        # with on the next query, and any write may have moved warmth. A failure, which may
        # have left some indexes changed, or a batch starts it afresh.
        engine = self._cache
        if engine is not None and afresh:
            self._cache = None
        elif engine is not None:
            engine.forget_warmth()

    def warmth(self, person_id: int) -> Warmth:
        """How warm my link to someone is, from how recently and how often we talked."""
        notebook = self.notebook
        person = notebook.people.get(person_id)
        return warmth_of(person, notebook.conversations.days_of(person_id), notebook.today)

    def find(self, target: str, *, limit: int | None = None) -> ReferralResult:
        """Ranked introduction paths to a company, a person or a tag/title ("recruiter");
        `limit` caps the number of target people returned (None: all of them)."""
        return self._engine().paths(target, limit=limit)

    def completions(self, prefix: str) -> list[str]:
        """Companies, names, tags and titles for the Refer screen's input."""
        return self._engine().completions(prefix)

    def _engine(self) -> graph.Referrals:
        """Referral queries over the parts' indexes: what a query indexes (companies, names,
        tags) is brought up to date after people or ties change rather than built again."""
        notebook = self.notebook
        engine = self._cache
        if engine is None:
            engine = self._cache = graph.Referrals(
                notebook.people.by_id,
                notebook.ties.touching,
                notebook.conversations.days_of,
                today=notebook.today,
                is_stale=self._is_stale,
                # Who is where, as read when the notebook was opened, unless people changed
                # since: the first query then reads no record to index the companies.
                loaded=notebook.people.index.companies_as_loaded(),
            )
            self._caught_up = self._shape
        else:
            engine.today = notebook.today  # a new day changes every warmth
            if self._caught_up != self._shape:
                engine.changed()
                self._caught_up = self._shape
        return engine

    def _is_stale(self, person_id: int) -> bool:
        # The Reconnect screen's rule, so both screens agree on who needs a reconnect.
        return self.notebook.upkeep.staleness(person_id).is_stale
