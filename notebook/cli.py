"""The `notebook` command: the TUI by default, and shell subcommands on the same view model.

Subcommands never import Textual, so they start fast. Every expected failure is one line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from . import dates, report
from .records import (
    INTERACTION_KINDS,
    Interaction,
    Person,
    ValidationError,
    clean_text,
    told_apart,
    undecodable_replaced,
    without_controls,
)
from .search import PersonIndex, Shown, fold
from .store import (
    SHELL_LOCK_WAIT,
    NotebookLockedError,
    ReadOnlyError,
    StoreError,
    not_a_file,
    read_cache,
)
from .terminal import OutputError, cleaned_stdio, raw_stream
from .viewmodel import SEARCH_CACHE, NewPerson, Notebook, NotFoundError, Who
from .views import FollowUpsView, PrepView, ReconnectView
from .words import already_here, could_be

EXIT_ERROR = 1
EXIT_USAGE = 2
# An export's temp file this old, and unlocked, was left by a killed export.
STALE_EXPORT_TEMP_AGE = 60.0


class CommandError(Exception):
    """A user-facing failure of a subcommand; its message is printed as is."""


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("notebook", appauthor=False)) / "notebook.json"


def notebook_path(args: argparse.Namespace) -> Path:
    if args.db is not None:
        # An empty --db is a script's unset variable, never a wish for the real notebook.
        if not args.db.strip():
            raise CommandError("--db needs a path to a notebook file")
        path = Path(args.db)
    elif os.environ.get("NOTEBOOK_DB"):
        path = Path(os.environ["NOTEBOOK_DB"])
    else:
        return default_path()
    # "/" (or "/..") names no file: a lock, a cache and backups are named after the file.
    if not Path(os.path.realpath(path)).name:
        raise CommandError(f"{clean(str(path))} is a folder, not a notebook file")
    return path


def demo_path(today: date) -> Path:
    from .demo import build

    folder = Path(tempfile.mkdtemp(prefix="notebook-demo-"))
    return build(folder / "demo.json", today=today)


def pinned_day() -> date | None:
    """The day NOTEBOOK_TODAY (an ISO date) pins for a demo or a test; None when unset."""
    pinned = os.environ.get("NOTEBOOK_TODAY")
    if not pinned:
        return None
    try:
        day = date.fromisoformat(pinned)
    except ValueError:
        day = None
    # Years near the ends of the calendar leave no room for "in 2 weeks" or "10 years ago".
    if day is None or not 1900 <= day.year <= 9000:
        message = f"NOTEBOOK_TODAY={pinned!r} is not an ISO date (YYYY-MM-DD) from 1900 to 9000"
        raise CommandError(message)
    return day


def open_notebook(
    args: argparse.Namespace,
    *,
    read_only: bool = False,
    wait: float = SHELL_LOCK_WAIT,
    follow_the_day: bool = False,
) -> Notebook:
    """Open the notebook; a writer waits a moment for another writer (a loop of shell commands
    takes turns) before it refuses. What loading repaired is said on stderr.

    A shell command answers as of the day it started. With `follow_the_day` (the app, which
    runs past midnight), today is the real day whenever it is asked, unless NOTEBOOK_TODAY pins
    it; a shell command does not pay for reading the clock on each of its thousands of rows."""
    pinned = pinned_day()
    today = pinned or dates.today()
    path = demo_path(today) if args.demo else notebook_path(args)
    opened_on = None if follow_the_day and pinned is None else today
    notebook = Notebook.open(
        path, read_only=read_only or args.read_only, today=opened_on, wait=wait
    )
    for repair in notebook.repairs:
        sys.stderr.write(f"notebook: warning: {clean(repair)}\n")
    return notebook


# -- subcommands ---------------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    notebook = open_notebook(args)
    try:
        if notebook.people.find_by_name(args.name) and not args.force:
            raise CommandError(
                f"{clean(args.name)} is already in the notebook; add --force to add another person "
                "with that name"
            )
        person = notebook.people.add(
            Person(
                name=args.name,
                company=args.company or "",
                title=args.title or "",
                tags=tuple(args.tag),
            )
        )
        print(f"Added {clean(person.name)}" + (f", {clean(person.role)}" if person.role else ""))
    finally:
        notebook.close()
    return 0


NEW_HINT = 'use --new "{name}" to add someone new'


def resolve_who(
    notebook: Notebook, names: Sequence[str], *, how_to_add: str = NEW_HINT
) -> list[Who]:
    """The person each name means, by the notebook's one rule for names (People.resolve,
    as the picker uses): never a new person. An unknown name is an error naming the closest
    people and `how_to_add` ("{name}" stands for the name); an ambiguous one lists who it
    could be. The only typo'd match is never taken: the shell can't show whom it guessed."""
    return [resolve_person(notebook, name, how_to_add=how_to_add).id or 0 for name in names]


def resolve_person(notebook: Notebook, name: str, *, how_to_add: str = NEW_HINT) -> Person:
    if not clean(name):
        raise CommandError("a name is empty: say who")
    resolution = notebook.people.resolve_anyone(name)
    if resolution.person is not None:
        return resolution.person
    if resolution.candidates:
        raise CommandError(clean(could_be(clean(name), resolution.candidates, shown=5)))
    names = [clean(told_apart(p)) for p in resolution.suggestions[:3]]
    meant = " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    advice = how_to_add.format(name=clean(name))
    if meant:
        advice = f"did you mean {meant}? {advice[:1].upper()}{advice[1:]}"
    raise CommandError(f"nobody called {clean(name)!r} in the notebook; {advice}")


def follow_up_with(
    notebook: Notebook, names: Sequence[str], who: Sequence[Who], name: str | None
) -> Who | None:
    """Which of the noted people `--follow-up-with NAME` means: one of the --with or --new
    names (as typed, or as resolved), never someone else; None when not given (the first)."""
    if name is None:
        return None
    wanted = fold(" ".join(name.split()))
    for typed, person in zip(names, who, strict=True):
        if fold(" ".join(typed.split())) == wanted:
            return person
    try:
        (found,) = resolve_who(notebook, [name])
    except CommandError:
        found = None
    if found is not None and found in who:
        return found
    raise CommandError(
        f"--follow-up-with {clean(name)!r} must be one of the --with or --new people"
    )


def cmd_note(args: argparse.Namespace) -> int:
    notebook = open_notebook(args)
    try:
        today = notebook.today
        when = dates.parse_when(args.when, today)
        due = dates.parse_day(args.due, today, "future") if args.due else None
        if due and not args.follow_up:
            raise CommandError("--due needs --follow-up: say what is due")
        for flag, given in (("--they-owe", args.they_owe), ("--follow-up-with", args.owed_to)):
            if given and not args.follow_up:
                raise CommandError(f"{flag} needs --follow-up: say what is owed")
        # Every name is checked before anything is written: a typo refuses the whole note.
        who = [*resolve_who(notebook, args.with_), *(NewPerson(n) for n in args.new)]
        if not args.force:
            refuse_namesakes(notebook, who, 'use --with "{name}" to note with them')
        result = notebook.conversations.note(
            who,
            when=when,
            summary=args.text,
            kind=args.kind,
            place=args.at or "",
            follow_up=args.follow_up or "",
            due=due,
            follow_up_by="them" if args.they_owe else "me",
            follow_up_with=follow_up_with(notebook, [*args.with_, *args.new], who, args.owed_to),
        )
        names = ", ".join(clean(which(notebook, p)) for p in result.people_ids)
        print(
            f"Noted {result.interaction.kind} with {names} on {result.interaction.day.isoformat()}"
        )
        for person in result.created:
            print(f"New person: {clean(person.name)}")
        if result.follow_up:
            due_text = f", due {result.follow_up.due.isoformat()}" if result.follow_up.due else ""
            name = clean(notebook.people.get(result.follow_up.people[0]).name)
            owed = f"I owe {name}" if result.follow_up.by == "me" else f"{name} owes me"
            print(f"Follow-up: {clean(result.follow_up.text)}{due_text} ({owed})")
    finally:
        notebook.close()
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    """`notebook log "Maria (new) at the bakery yesterday: ...; todo ..."`: one line, read by
    `capture.parse_capture`, saved as `note` saves it; `--dry-run` only says what it would."""
    from .capture import CaptureError, parse_capture

    # A dry run opens read-only: no lock, no backup, no search cache, nothing written.
    notebook = open_notebook(args, read_only=args.dry_run)
    try:
        try:
            capture = parse_capture(args.line, notebook.today)
        except CaptureError as error:
            raise CommandError(str(error)) from None
        who = logged_who(notebook, [(name.text, name.new) for name in capture.names])
        if not args.force:
            refuse_namesakes(notebook, who, 'leave out "(new)" to log with them')
        draft = Interaction(
            when=capture.when,
            people=(1,),
            kind=args.kind,
            place=capture.place,
            summary=capture.summary,
        ).validated()
        if args.dry_run:
            # The lines a save would print, from the same cleaned values a save would store.
            new = {w: Person(name=w.name).validated().name for w in who if isinstance(w, NewPerson)}
            names = [
                which(notebook, w) if isinstance(w, int) else new[w] for w in dict.fromkeys(who)
            ]
            follow_up = clean_text(capture.follow_up)
            lines = log_lines(
                draft, names, list(new.values()), follow_up, capture.due, capture.by, names[0]
            )
            lines.append("Dry run: nothing saved.")
        else:
            result = notebook.conversations.log(capture, who, kind=draft.kind)
            saved = result.interaction
            names = [which(notebook, p) for p in saved.people]
            made = result.follow_up
            lines = log_lines(
                saved,
                names,
                [p.name for p in result.created],
                made.text if made else "",
                made.due if made else None,
                made.by if made else "me",
                which(notebook, made.people[0]) if made else "",
            )
        print("\n".join(clean(line) for line in lines))
    finally:
        notebook.close()
    return 0


def which(notebook: Notebook, person_id: int) -> str:
    """A person's name as the shell says what it saved: told apart from a namesake ("John
    Smith (Initech)"), so that the line shows which John Smith the note went to."""
    person = notebook.people.get(person_id)
    namesakes = notebook.people.find_by_name(person.name)
    return told_apart(person) if len(namesakes) > 1 else person.name


def logged_who(notebook: Notebook, names: Sequence[tuple[str, bool]]) -> list[Who]:
    """The people a logged line names, as (name, marked new): a name marked "(new)" is a new
    person, as asked; any other must already be in the notebook, by the shell's name rule."""
    known = [name for name, new in names if not new]
    found = iter(resolve_who(notebook, known, how_to_add='write "{name} (new)" to add them'))
    return [NewPerson(name) if new else next(found) for name, new in names]


def refuse_namesakes(notebook: Notebook, who: Sequence[Who], how_to_use: str) -> None:
    """A new person whose name the notebook already holds is refused unless --force: it is
    more likely someone already in it (`add` does the same). `how_to_use` says how to mean
    them instead ("{name}" stands for the name)."""
    clash = notebook.people.namesakes(w.name for w in who if isinstance(w, NewPerson))
    if clash:
        first = next(iter(clash))
        raise CommandError(
            clean(
                f"{already_here(clash)}; {how_to_use.format(name=first)}, or add --force to "
                "add another person with that name"
            )
        )


def log_lines(
    interaction: Interaction,
    names: Sequence[str],
    new: Sequence[str],
    follow_up: str,
    due: date | None,
    by: str,
    owed: str,
) -> list[str]:
    """What `log` saved (or would save), one fact a line; the caller cleans them."""
    where = f" at {interaction.place}" if interaction.place else ""
    lines = [
        f"Noted {interaction.kind} with {', '.join(names)}{where} on {interaction.day.isoformat()}",
        f"What happened: {interaction.summary}",
    ]
    lines += [f"New person: {name}" for name in new]
    if follow_up:
        due_text = f", due {due.isoformat()}" if due else ""
        who_owes = f"I owe {owed}" if by == "me" else f"{owed} owes me"
        lines.append(f"Follow-up: {follow_up}{due_text} ({who_owes})")
    return lines


def cmd_find(args: argparse.Namespace) -> int:
    query = " ".join(args.words)
    hits = None if args.demo else cached_find(notebook_path(args), query, args.limit)
    if hits is None:
        notebook = open_for_search(args)
        try:
            found = notebook.people.search(query, limit=args.limit)
            hits = [Shown(p.name, p.role, p.emails) for p in found]
        finally:
            notebook.close()
    if hits:
        lines = [
            "\t".join((clean(h.name), clean(h.role), clean(", ".join(h.emails)))) for h in hits
        ]
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if hits else EXIT_ERROR


def cached_find(path: Path, query: str, limit: int | None) -> list[Shown] | None:
    """Search the cache kept beside the notebook: no need to load 30,000 people to find one.
    None when there is no up-to-date cache."""
    payload = read_cache(path, SEARCH_CACHE)
    if payload is None:
        return None
    index, shown = PersonIndex.from_cache(payload)
    return [shown[pid] for pid in index.ranked(query, limit=limit)]


def open_for_search(args: argparse.Namespace) -> Notebook:
    """Open to search: as the writer when free, so the search cache is built for next time;
    read-only when the notebook is in use (or can't be written)."""
    if args.demo or args.read_only or not notebook_path(args).exists():
        return open_notebook(args, read_only=True)
    try:
        return open_notebook(args, wait=0.0)
    except (NotebookLockedError, ReadOnlyError, OSError):
        return open_notebook(args, read_only=True)


def _progress_bar(label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr, for a terminal only and for files worth waiting on."""
    if not sys.stderr.isatty():
        return None
    # Its carriage return is the bar's own control, so it bypasses the cleaned stream; the
    # label (a file name) is cleaned here instead.
    stderr, label = raw_stream(sys.stderr), clean(label)

    def show(done: int, total: int) -> None:
        if total < 2_000:
            return
        width = 30
        filled = width * done // total
        stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        if done >= total:
            stderr.write("\n")
        stderr.flush()

    return show


def cmd_import(args: argparse.Namespace) -> int:
    """`notebook import FILE...`: one import of every file, all or nothing (see import_files);
    the summaries are printed once all of it is saved."""
    from .formats import FormatError
    from .importer import import_files

    # A mistyped name among several is caught before any file is read, and before the
    # notebook is opened: a --db that names no file yet is not made for nothing.
    for name in args.files:
        if (why := not_a_file(Path(name))) is not None:
            raise CommandError(f"{why}; nothing was imported")
    notebook = open_notebook(args)
    try:
        try:
            summaries = import_files(
                notebook,
                [Path(name) for name in args.files],
                fmt=args.format,
                progress=lambda path: _progress_bar(f"Importing {path.name}"),
            )
        except FormatError as error:
            raise CommandError(f"{error}; nothing was imported") from None
        for summary in summaries:
            print(clean(summary.line()))
            for line in [*summary.notes, *summary.skipped_lines()[: args.show_skipped]]:
                print(f"  {clean(line)}")
            if len(summary.skipped) > args.show_skipped:
                print(f"  … and {len(summary.skipped) - args.show_skipped} more skipped")
    finally:
        notebook.close()
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from .merge import merge_file

    path = Path(args.other)
    if not path.exists():
        raise CommandError(f"no file at {args.other}; nothing was merged")
    if not path.is_file():
        raise CommandError(f"{args.other} is not a notebook file; nothing was merged")
    notebook = open_notebook(args, read_only=args.dry_run)
    try:
        summary = merge_file(notebook, path, dry_run=args.dry_run)
    finally:
        notebook.close()
    for line in summary.lines(dry_run=args.dry_run):
        # clean() trims each line: the indent of a conflict goes back on after it.
        indent = line[: len(line) - len(line.lstrip(" "))]
        print(indent + clean(line))
    if summary.changes_anything and not args.dry_run:
        print(clean(f"{path} was only read; delete it once you are happy with the merge."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .formats.outlook import left_out
    from .importer import CSV_EXPORT_FORMATS, export_bytes, export_vcards_per_person
    from .store import atomic_write, dangling_link, remove_stale_temps, resolve, what_is_at

    if args.for_spreadsheet and args.format != "csv":
        raise CommandError("--for-spreadsheet goes with --format csv")
    if args.bom and args.format not in CSV_EXPORT_FORMATS:
        formats = ", ".join(sorted(CSV_EXPORT_FORMATS))
        raise CommandError(f"--bom goes with a CSV format ({formats})")
    notebook = open_notebook(args, read_only=True)
    try:
        if args.one_per_person:
            if args.format != "vcard" or not args.output:
                raise CommandError("--one-per-person goes with --format vcard and -o FOLDER")
            if resolve(args.output) == notebook.store.backup_dir:
                raise CommandError(f"{args.output} holds the notebook's backups; export elsewhere")
            written = export_vcards_per_person(notebook, Path(args.output))
            print(f"Wrote {len(written)} vCards to {args.output}")
            return 0
        content = export_bytes(
            notebook, args.format, for_spreadsheet=args.for_spreadsheet, bom=args.bom
        )
        if args.format == "outlook-csv":
            # Outlook has three e-mail columns: what does not fit is said, not dropped unseen.
            for line in left_out(notebook.people.all(include_archived=True)):
                sys.stderr.write(f"notebook: {clean(line)}\n")
        if args.output and args.output != "-":  # "-" is standard output, as for most tools
            output = Path(args.output)
            # A symlink is written through, to the file it names, as the notebook's own saves
            # are: the link stays a link.
            target = Path(os.path.realpath(output))
            kind = what_is_at(target)
            if kind == "a folder":
                raise CommandError(
                    f"{args.output} is a folder: give a file name (or --one-per-person with "
                    "--format vcard for one card per person in a folder)"
                )
            if kind not in ("a file", "nothing"):
                # The export would take its place (it is renamed into place): a device or a
                # pipe would be gone, and what reads it would never see the export.
                raise CommandError(
                    f"{args.output} is {kind}, not a file: an export only replaces a regular "
                    "file; nothing was written"
                )
            if (points_to := dangling_link(output)) is not None:
                raise CommandError(
                    f"{args.output} is a link to {points_to}, which does not exist; "
                    "nothing was written"
                )
            if notebook.store.owns(output):
                raise CommandError(
                    f"{args.output} is the notebook itself or one of its own files; "
                    "export somewhere else"
                )
            remove_stale_temps(target, min_age=STALE_EXPORT_TEMP_AGE)
            try:
                atomic_write(target, content)
            except OSError as error:
                # Atomic: the file there before, if any, is as it was, and no temp is left.
                raise CommandError(
                    f"could not write {args.output}: {_reason(error)}; nothing was written"
                ) from None
            print(f"Wrote {args.output}")
        else:
            _write_to_stdout(content)
    finally:
        notebook.close()
    return 0


def _write_to_stdout(content: bytes) -> None:
    """An export to standard output, flushed here, so that a full disk or a failing device is
    said as what it is, not as an error number, nor left to the end of the program."""
    try:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away: see _main
    except OSError as error:
        _discard_stdout()
        raise CommandError(
            f"could not write the export to standard output: {_reason(error)}"
        ) from None


def _reason(error: OSError) -> str:
    """Why a write failed, as words to end a sentence with: "no space left on device"."""
    return (error.strerror or str(error)).lower()


def _discard_stdout() -> None:
    """Send what standard output still holds nowhere: it could not be written, and Python's
    last flush as the program ends would fail on it again, with a traceback and exit status
    120. (What the Python docs advise for a closed pipe.)"""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # no file under it (io.UnsupportedOperation is both)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _print_report(args: argparse.Namespace, data: object, text: Callable[[], str]) -> None:
    """JSON with --json, else the text (if there is anything to say)."""
    if args.json:
        # JSON escapes a control as \\u001b, which `jq -r` would write out raw: none is left.
        plain = without_controls(data)
        sys.stdout.write(json.dumps(plain, ensure_ascii=False, indent=2) + "\n")
    elif data:
        print(text())


def cmd_stale(args: argparse.Namespace) -> int:
    notebook = open_notebook(args, read_only=True)
    try:
        rows = ReconnectView(notebook).tagged(args.tag).first(args.limit).rows()
        _print_report(args, report.stale_rows(rows), lambda: report.stale_table(rows))
        if not rows and not args.json:
            print("Nobody is overdue." + (f" (tag: {clean(args.tag)})" if args.tag else ""))
    finally:
        notebook.close()
    return 0


def cmd_refer(args: argparse.Namespace) -> int:
    notebook = open_notebook(args, read_only=True)
    try:
        result = notebook.referrals.find(args.target, limit=args.limit)
        rows = report.referral_rows(result)
        _print_report(args, rows, lambda: report.referral_table(rows))
        left_out = result.total - len(result.targets)
        if rows and left_out > 0 and not args.json:
            # Said on stderr, so that a script reading the table gets only rows.
            sys.stderr.write(
                f"notebook: {left_out} more {'person is' if left_out == 1 else 'people are'} "
                f"reachable; --limit {result.total} lists everyone\n"
            )
        if not rows:
            if not args.json:
                print(clean(f"{result.reason_if_empty} {result.suggestion}".strip()))
            return EXIT_ERROR
    finally:
        notebook.close()
    return 0


def cmd_followups(args: argparse.Namespace) -> int:
    notebook = open_notebook(args, read_only=True)
    try:
        rows = FollowUpsView(notebook).rows()
        _print_report(args, report.follow_up_rows(rows), lambda: report.follow_up_table(rows))
        if not rows and not args.json:
            print("No open follow-ups.")
    finally:
        notebook.close()
    return 0


def cmd_prep(args: argparse.Namespace) -> int:
    notebook = open_notebook(args, read_only=True)
    try:
        person = resolve_person(notebook, args.name, how_to_add="add them first")
        page = PrepView(notebook, person.id or 0).page()
        _print_report(args, report.prep_data(page), lambda: report.prep_text(page))
    finally:
        notebook.close()
    return 0


def cmd_sync_vdir(args: argparse.Namespace) -> int:
    """`notebook sync vdir PATH`: two-way sync of people with a folder of .vcf files (see
    vdir.py). Deletions need a yes: asked on a terminal, else --yes; without one the other
    changes are made, the deletions wait, and the exit status is 1. The conflicts, skipped
    cards and problems are printed as soon as the plan is made, before any card is written:
    a sync killed on the way has told them (the next one completes it, but no longer sees the
    conflicts this one settled); the summary after gives the counts."""
    from .vdir import (
        FolderEmptiedError,
        SyncError,
        apply_sync,
        notice_lines,
        plan_sync,
        summary_lines,
    )

    # A dry run opens read-only: no lock, no backup, nothing written.
    notebook = open_notebook(args, read_only=args.dry_run)
    try:
        if notebook.read_only and not args.dry_run:
            raise CommandError(f"{notebook.path} is open read-only; nothing was synced")
        try:
            plan = plan_sync(
                notebook, Path(args.folder), prefer=args.prefer,
                progress=_progress_bar("Reading cards"), all_deleted=args.all_deleted,
            )  # fmt: skip
            if args.dry_run:
                print("\n".join(clean(line) for line in summary_lines(plan)))
                return 0
            for line in notice_lines(plan):
                print(clean(line), flush=True)
            deletions = True
            if plan.deletions and not args.yes:
                question = plan.deletion_question()
                if sys.stdin.isatty():
                    sys.stderr.write(f"{question} [y/N] ")
                    sys.stderr.flush()
                    deletions = sys.stdin.readline().strip().lower() in ("y", "yes")
                else:
                    deletions = False
                    sys.stderr.write(
                        f"notebook: nothing was archived or deleted ({question[:-1].lower()}): "
                        "run again with --yes to allow it\n"
                    )
            result = apply_sync(
                notebook, plan, deletions=deletions, progress=_progress_bar("Writing cards")
            )
        except FolderEmptiedError as error:
            raise CommandError(
                f"{error} (if every contact was deleted, run again with --all-deleted)"
            ) from None
        except SyncError as error:
            raise CommandError(str(error)) from None
        print("\n".join(clean(line) for line in summary_lines(plan, result, notices=False)))
    finally:
        notebook.close()
    return EXIT_ERROR if result.left_undone else 0


def cmd_tui(args: argparse.Namespace) -> int:
    from .app import run

    # No wait: a person starting the app wants to hear at once that it is open elsewhere.
    return run(open_notebook(args, wait=0.0, follow_the_day=True), demo=args.demo)


def clean(text: str) -> str:
    """User text for a terminal: no control characters, so nothing can drive the terminal."""
    return clean_text(text)


# -- parsing -------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse prints its usage block; one line is kinder in a script.
        sys.stderr.write(f"{self.prog}: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


COMMON_DEFAULTS: dict[str, object] = {"db": None, "demo": False, "read_only": False}


# The same as formats.FORMATS and importer.EXPORT_FORMATS (a test holds them so), written out
# because importing every reader here would slow down every command.
IMPORT_FORMATS = ("vcard", "linkedin", "google", "outlook", "thunderbird", "csv", "generic", "json")
EXPORT_FORMATS = ("vcard", "csv", "google-csv", "outlook-csv", "json")


def _at_least_one(text: str) -> int:
    """A count of 1 or more: --limit 0 printed an empty line and failed, saying nothing."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is less than 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    # The common options are given to every subparser too; SUPPRESS keeps a subparser's
    # unset default from overwriting a value given before the subcommand (`--db X add`).
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "--db",
        metavar="PATH",
        help="the notebook file (default: $NOTEBOOK_DB, else your data folder)",
    )
    common.add_argument("--demo", action="store_true", help="use a freshly generated demo network")
    common.add_argument("--read-only", action="store_true", help="open without writing or locking")

    parser = _Parser(
        prog="notebook", description="A keyboard-first networking notebook.", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    add = sub.add_parser("add", parents=[common], help="add a person")
    add.add_argument("name")
    add.add_argument("--company")
    add.add_argument("--title")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    add.add_argument("--force", action="store_true", help="add even if the name exists")
    add.set_defaults(run=cmd_add)

    note = sub.add_parser("note", parents=[common], help="note a conversation")
    note.add_argument("text", help="what happened")
    note.add_argument(
        "--with",
        dest="with_",
        action="append",
        default=[],
        metavar="NAME",
        help="who you talked to, someone in the notebook (repeatable)",
    )
    note.add_argument(
        "--new",
        action="append",
        default=[],
        metavar="NAME",
        help="someone new you talked to, added to the notebook (repeatable)",
    )
    note.add_argument("--when", default="today", help='e.g. "yesterday", "last fri", 2026-11-03')
    note.add_argument("--at", metavar="PLACE")
    note.add_argument("--kind", default="in person", choices=INTERACTION_KINDS)
    note.add_argument("--follow-up", metavar="TEXT")
    note.add_argument("--due", metavar="WHEN", help='e.g. "fri" (the coming one), "in 2 weeks"')
    note.add_argument(
        "--they-owe", action="store_true", help="the follow-up is owed by them, not by me"
    )
    note.add_argument(
        "--follow-up-with",
        dest="owed_to",
        metavar="NAME",
        help="which --with person the follow-up is with (default: the first)",
    )
    note.add_argument(
        "--force", action="store_true", help="add a --new person even if the name exists"
    )
    note.set_defaults(run=cmd_note)

    log = sub.add_parser(
        "log",
        parents=[common],
        help="note a conversation from one line: "
        '"Maria (new) at the bakery yesterday: ...; todo send resume fri"',
    )
    log.add_argument(
        "line", metavar="LINE", help="who [at PLACE] [WHEN]: what happened [; todo ...]"
    )
    log.add_argument("--kind", default="in person", choices=INTERACTION_KINDS)
    log.add_argument(
        "--dry-run", action="store_true", help="print what would be saved and save nothing"
    )
    log.add_argument(
        "--force", action="store_true", help='add a "(new)" person even if the name exists'
    )
    log.set_defaults(run=cmd_log)

    find = sub.add_parser("find", parents=[common], help="search people")
    find.add_argument("words", nargs="+")
    find.add_argument("--limit", type=int, default=None)
    find.set_defaults(run=cmd_find)

    stale = sub.add_parser("stale", parents=[common], help="who you are overdue to talk to")
    stale.add_argument("--tag", help="only people with this tag")
    stale.add_argument("--limit", type=int, default=None)
    stale.add_argument("--json", action="store_true", help="JSON for scripts")
    stale.set_defaults(run=cmd_stale)

    refer = sub.add_parser("refer", parents=[common], help="who could refer me to TARGET")
    refer.add_argument("target", help="a company, a person, or a tag or title such as recruiter")
    refer.add_argument(
        "--limit", type=_at_least_one, default=10, help="at most N people (default 10)"
    )
    refer.add_argument("--json", action="store_true", help="JSON for scripts")
    refer.set_defaults(run=cmd_refer)

    followups = sub.add_parser("followups", parents=[common], help="open follow-ups, overdue first")
    followups.add_argument("--json", action="store_true", help="JSON for scripts")
    followups.set_defaults(run=cmd_followups)

    prep = sub.add_parser("prep", parents=[common], help="a prep sheet before meeting someone")
    prep.add_argument("name")
    prep.add_argument("--json", action="store_true", help="JSON for scripts")
    prep.set_defaults(run=cmd_prep)

    imports = sub.add_parser(
        "import", parents=[common],
        help="import contacts (vCard; LinkedIn, Google, Outlook, Thunderbird or any CSV; JSON)",
    )  # fmt: skip
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument(
        "--format", choices=IMPORT_FORMATS, default=None,
        help="skip detection and read the files as this format (linkedin: Connections.csv or "
        "Imported Contacts.csv; csv: the notebook's own; generic: any CSV, by its column names)",
    )  # fmt: skip
    imports.add_argument("--show-skipped", type=int, default=10, metavar="N",
                         help="list at most N skipped rows (default 10)")  # fmt: skip
    imports.set_defaults(run=cmd_import)

    merge = sub.add_parser(
        "merge", parents=[common],
        help="merge another copy of this notebook (a sync tool's conflict copy, another "
        "computer's file) into it",
    )  # fmt: skip
    merge.add_argument("other", metavar="OTHER", help="the other copy's notebook file")
    merge.add_argument("--dry-run", action="store_true",
                       help="say what would change, and the conflicts; write nothing")  # fmt: skip
    merge.set_defaults(run=cmd_merge)

    export = sub.add_parser("export", parents=[common], help="export everyone, or everything")
    export.add_argument(
        "--format", choices=EXPORT_FORMATS, required=True,
        help="vcard; csv (the notebook's own, reads back exactly); google-csv or outlook-csv "
        "(for Google Contacts' or Outlook's import); json (everything)",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", metavar="PATH", help="write here (default, or -: standard output)"
    )
    export.add_argument("--one-per-person", action="store_true",
                        help="vCard only: one file per person in the -o folder")  # fmt: skip
    export.add_argument("--for-spreadsheet", action="store_true",
                        help="csv only: mark cells starting with = + - @ as text (a leading ') "
                        "so a spreadsheet cannot run them as formulas")  # fmt: skip
    export.add_argument("--bom", action="store_true",
                        help="CSV only: start with a UTF-8 BOM, so Excel on Windows shows "
                        "accented names right")  # fmt: skip
    export.set_defaults(run=cmd_export)

    sync = sub.add_parser("sync", parents=[common], help="two-way sync with a contacts folder")
    targets = sync.add_subparsers(
        dest="target", metavar="TARGET", parser_class=_Parser, required=True
    )
    vdir = targets.add_parser(
        "vdir", parents=[common],
        help="a folder of .vcf files, one contact each (vdirsyncer, khard)",
    )  # fmt: skip
    vdir.add_argument("folder", metavar="PATH", help="the folder of .vcf files")
    vdir.add_argument("--yes", action="store_true",
                      help="allow deletions without asking: archive people whose card was "
                      "deleted, delete the cards of people forgotten")  # fmt: skip
    vdir.add_argument("--prefer", choices=("notebook", "vdir"), default="notebook",
                      help="who wins a field changed on both sides (default notebook)")  # fmt: skip
    vdir.add_argument("--dry-run", action="store_true",
                      help="print what the sync would do and write nothing")  # fmt: skip
    vdir.add_argument("--all-deleted", action="store_true",
                      help="go ahead though the folder holds none of the cards synced with it "
                      "before (every contact was deleted there)")  # fmt: skip
    vdir.set_defaults(run=cmd_sync_vdir)
    return parser


EXPECTED_ERRORS: tuple[type[Exception], ...] = (
    CommandError,
    StoreError,
    ValidationError,
    NotFoundError,
    dates.DateParseError,
    OSError,
)


def main(argv: Sequence[str] | None = None) -> int:
    # Every line printed, argparse's included, goes through the one cleaning writer: a
    # notebook file written by another program can hold terminal controls.
    with cleaned_stdio():
        return _main(argv)


# The commands that change the notebook; each prints what it did only once it is saved.
CHANGING_COMMANDS = frozenset({"add", "note", "log", "import", "merge", "sync"})
# The arguments that name files: they keep every byte as given, since that is the file's name.
PATH_ARGUMENTS = frozenset({"db", "files", "other", "output", "folder"})


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv, argparse.Namespace(**COMMON_DEFAULTS))
    except SystemExit as done:
        # --help prints, then exits: what it printed is written now, where a failure can be
        # said (on a full disk it went silently, with success).
        if done.code in (0, None):
            with contextlib.suppress(OutputError):  # kept as the stream's `failed`
                sys.stdout.flush()
            failed: OutputError | None = getattr(sys.stdout, "failed", None)
            if failed is not None:
                return _output_failed(failed)
        raise
    # Words typed in another encoding than UTF-8 are read as the file will hold them (each
    # such byte the replacement character): what was saved so is found by the same words.
    for dest, value in vars(args).items():
        if dest in PATH_ARGUMENTS:
            continue
        if isinstance(value, str):
            setattr(args, dest, undecodable_replaced(value))
        elif isinstance(value, list):
            setattr(
                args, dest, [undecodable_replaced(v) if isinstance(v, str) else v for v in value]
            )
    if args.command == "note" and not (args.with_ or args.new):
        parser.error("note needs someone: --with NAME or --new NAME")
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_tui)
    try:
        code = run(args)
        # What is still buffered is written now, where a failure can be said in words, not as
        # Python ends (a traceback, exit status 120).
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`notebook find x | head`): not an error worth a message.
        sys.stderr.close()
        return 0
    except OutputError as error:
        # A command that changes the notebook prints once its change is saved: a script that
        # runs it again on the error would make the change twice (a second note).
        saved = args.command in CHANGING_COMMANDS and not getattr(args, "dry_run", False)
        return _output_failed(
            error, "; the change was saved, so do not run it again" if saved else ""
        )
    except EXPECTED_ERRORS as error:
        # Messages can quote what was typed or read: one line, nothing that drives a terminal.
        sys.stderr.write(f"notebook: {clean(str(error))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _output_failed(error: OutputError, after: str = "") -> int:
    """Say in one line that standard output (or error) could not be written, and why."""
    if error.where == "standard output":
        _discard_stdout()
    sys.stderr.write(f"notebook: could not write to {error.where}: {_reason(error)}{after}\n")
    return EXIT_ERROR


def entry() -> None:
    sys.exit(main())
