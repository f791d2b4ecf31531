"""What the keys on a highlighted follow-up do, the same wherever follow-ups are listed (the
Person and Follow-ups screens): x done, E edit, > reschedule, X delete, and u to undo the last
done or delete. Each screen binds the keys in its own BINDINGS, under its own ids."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import ClassVar, TypeVar

from .. import dates
from ..modals.person_actions import FollowUpDialog
from ..modals.reschedule import ReschedulePrompt
from ..records import FollowUp
from ..widgets.record_list import RecordList
from ..widgets.safe import notify
from .base import FAILED, NotebookScreen, Undo, action_key, dialog_flow

T = TypeVar("T")
R = TypeVar("R")

# The actions that need a follow-up to act on: out of the footer while there is none.
ON_A_FOLLOW_UP = frozenset({"done", "edit_follow_up", "reschedule", "delete_follow_up"})


def headline(follow_up: FollowUp) -> str:
    return follow_up.text.split("\n", 1)[0]


class FollowUpKeys(NotebookScreen):
    """A screen listing follow-ups; it provides `follow_ups`, the list the keys act on."""

    ROW_ACTIONS: ClassVar[Mapping[str, str]] = dict.fromkeys(ON_A_FOLLOW_UP, "follow_ups")

    @property
    def follow_ups(self) -> RecordList[FollowUp]:
        raise NotImplementedError

    def _pick(self, listing: RecordList[T], what: str, action: str) -> T | None:
        """The row `action`'s key acts on: the highlighted one in its list, or the only one."""
        if not listing.items:
            notify(self.app, f"No {what}s here.", severity="warning")
            return None
        if len(listing.items) == 1 or listing.has_focus:
            return listing.highlighted
        listing.focus()
        notify(self.app, f"Highlight a {what}, then press {action_key(self, action)}.")
        return None

    def _follow_up(self, action: str) -> FollowUp | None:
        follow_up = self._pick(self.follow_ups, "follow-up", action)
        return follow_up if isinstance(follow_up, FollowUp) and follow_up.id else None

    def _change(self, write: Callable[[], R]) -> R | None:
        """Make a write and redraw; None if it failed (and was said to)."""
        result = self.attempt(write)
        return None if result is FAILED else result

    def action_done(self) -> None:
        follow_up = self._follow_up("done")
        if follow_up is None:
            return
        fid = follow_up.id or 0
        what = headline(follow_up)
        if self._change(lambda: self.notebook.follow_ups.complete(fid)) is not None:
            self.remember(
                Undo(
                    f"Done: {what}",
                    f"{action_key(self, 'undo')} opens it again",
                    f"Open again: {what}",
                    lambda: self.notebook.follow_ups.complete(fid, done=False),
                )
            )

    def action_delete_follow_up(self) -> None:
        follow_up = self._follow_up("delete_follow_up")
        if follow_up is None:
            return
        fid = follow_up.id or 0
        deleted = self._change(lambda: self.notebook.follow_ups.delete(fid))
        if deleted is not None:
            what = headline(deleted)
            self.remember(
                Undo(
                    f"Deleted: {what}",
                    f"{action_key(self, 'undo')} brings it back",
                    f"Back: {what}",
                    lambda: self.notebook.follow_ups.restore(deleted),
                )
            )

    @dialog_flow
    async def action_edit_follow_up(self) -> None:
        follow_up = self._follow_up("edit_follow_up")
        if follow_up is None:
            return
        # The dialog is about someone: the person whose page this is, if they are in it.
        subject = self.note_subject()
        pid = next((p for p in follow_up.people if p in subject), follow_up.people[0])
        dialog = FollowUpDialog(self.notebook.people.get(pid), follow_up)
        result = await self.app.push_screen_wait(dialog)
        if result is None:
            return
        if self.unchanged(follow_up, result):
            return
        names = ", ".join(self.notebook.people.get(p).name for p in result.people)
        # Tabbing into a line selects it, so the first key typed replaces it: an edit that
        # meant to add to the text is taken back whole.
        self.remember(
            Undo(
                f"Saved: {headline(result)} · with {names}",
                f"{action_key(self, 'undo')} puts it back as it was",
                f"Back as it was: {headline(follow_up)}",
                lambda: self.notebook.follow_ups.edit(follow_up),
            )
        )

    @dialog_flow
    async def action_reschedule(self) -> None:
        follow_up = self._follow_up("reschedule")
        if follow_up is None:
            return
        result = await self.app.push_screen_wait(ReschedulePrompt(follow_up))
        if result is None or result.due == follow_up.due:
            return
        said = (
            f"No due day now: {headline(result)}"
            if result.due is None
            else f"Due {dates.shown(result.due)}: {headline(result)}"
        )
        was = f"due {dates.shown(follow_up.due)}" if follow_up.due else "no due day"
        follow_ups, fid, due = self.notebook.follow_ups, follow_up.id or 0, follow_up.due
        self.remember(
            Undo(
                said,
                f"{action_key(self, 'undo')} puts the day back",
                f"Back to {was}: {headline(follow_up)}",
                # Only the day: an overdue one goes back to its day, which a reschedule refuses.
                lambda: follow_ups.edit(replace(follow_ups.get(fid), due=due)),
            )
        )
