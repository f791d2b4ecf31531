"""Referral asks: who you asked to introduce you where, how it went, and when a gentle
reminder is due (`notebook.asks`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from ..records import ReferralAsk, ValidationError, now_stamp
from .base import ByPerson, NotFoundError, RecordsPart, writes

DEFAULT_NUDGE_DAYS = 7


class Asks(RecordsPart[ReferralAsk]):
    """Every referral ask by id, and each person's."""

    TABLE = "asks"
    RECORD = ReferralAsk
    WHAT = "referral ask"

    def _load(self) -> None:
        super()._load()
        # Each person's asks: their page and prep sheet ask on every redraw.
        self._of = ByPerson(self._records, lambda ask: (ask.person,))

    # -- lookups ---------------------------------------------------------------------------------

    def ids_of(self, person_id: int) -> Sequence[int]:
        """The ids of the asks made of a person, in no order."""
        return self._of.of(person_id)

    def all(self, *, open_only: bool = False) -> list[ReferralAsk]:
        """Every referral ask, newest first."""
        return _newest_first(self._records.values(), open_only)

    def of(self, person_id: int, *, open_only: bool = False) -> list[ReferralAsk]:
        """The referral asks made of one person, newest first."""
        asks = self._records
        return _newest_first((asks[a] for a in self._of.of(person_id)), open_only)

    def needs_nudge(self, ask: ReferralAsk) -> bool:
        """Still only "asked" after the nudge period: time for a gentle reminder."""
        notebook = self.notebook
        days = int(notebook.setting("nudge_after_days", DEFAULT_NUDGE_DAYS))
        return ask.status == "asked" and (notebook.today - ask.asked_on).days >= days

    # -- writes ----------------------------------------------------------------------------------

    @writes
    def add(
        self,
        target: str,
        person_id: int,
        *,
        asked_on: date | None = None,
        status: str = "asked",
        notes: str = "",
    ) -> ReferralAsk:
        self.notebook.people.get(person_id)
        ask = ReferralAsk(
            target=target,
            person=person_id,
            asked_on=asked_on or self.notebook.today,
            status=status,
            notes=notes,
            updated_at=now_stamp(),
        ).validated()
        ask = replace(ask, id=self.store.insert("asks", ask.to_doc()))
        aid = ask.id or 0
        self._records[aid] = ask
        self._of.add(ask.person, aid)
        return ask

    @writes
    def set_status(self, ask_id: int, status: str, *, notes: str | None = None) -> ReferralAsk:
        old = self.get(ask_id)
        ask = replace(
            old, status=status, notes=old.notes if notes is None else notes, updated_at=now_stamp()
        ).validated()
        self.store.replace("asks", ask_id, ask.to_doc())
        self._records[ask_id] = ask  # the person asked never changes
        return ask

    @writes
    def delete(self, ask_id: int) -> ReferralAsk:
        """Remove an ask (one recorded by mistake, or twice); returns it whole, id included,
        for restore to undo."""
        ask = self.get(ask_id)
        # The store first: if it refuses (read-only), the indexes must still match it.
        self.store.remove("asks", [ask_id])
        del self._records[ask_id]
        self._of.discard(ask.person, ask_id)
        return ask

    @writes
    def restore(self, ask: ReferralAsk) -> ReferralAsk:
        """Undo delete: the same ask back under its old id, unless its person was forgotten
        since (which would have taken it too)."""
        if ask.id is None:
            raise NotFoundError("the referral ask to restore has no id")
        if ask.id in self._records:
            raise ValidationError("id", "that referral ask is in the notebook already")
        self.notebook.people.get(ask.person)
        self.store.restore("asks", ask.id, ask.to_doc())
        self._records[ask.id] = ask
        self._of.add(ask.person, ask.id)
        return ask

    def _forget(self, person_id: int) -> None:
        """Someone is being forgotten (People.forget): the asks made of them go."""
        asks = sorted(self._of.of(person_id))
        # The store first: if it refuses (read-only), the indexes must still match it.
        self.store.remove("asks", asks)
        self._of.drop(person_id)
        for aid in asks:
            del self._records[aid]


def _newest_first(asks: Iterable[ReferralAsk], open_only: bool) -> list[ReferralAsk]:
    chosen = (a for a in asks if a.is_open or not open_only)
    return sorted(chosen, key=lambda a: (-a.asked_on.toordinal(), -(a.id or 0)))
