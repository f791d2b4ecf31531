"""Contacts synced end to end through the real stack a user runs: a Radicale CardDAV server (as a
phone's address book would be), vdirsyncer between it and a vdir, and `notebook sync vdir`
between the vdir and the notebook.

    server ⇄ vdirsyncer ⇄ vdir folder ⇄ notebook sync vdir ⇄ notebook

Every program runs as a real process on 127.0.0.1, with HOME and the XDG folders in tmp_path
so no config of the user's is read. Nothing skips: a missing radicale or vdirsyncer fails.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import vobject

from notebook.cli import main
from notebook.records import Person
from notebook.viewmodel import Notebook

# Real servers and processes, seconds per test: run first, so that the workers end together.
pytestmark = pytest.mark.long

BIN = Path(sys.executable).parent
VDIRSYNCER = BIN / "vdirsyncer"
PASSWORD = "any password: the test server takes every login"
# The address book the phone has on the server; vdirsyncer names the vdir's folder after it.
COLLECTION = "contacts"
SUBPROCESS_TIMEOUT = 60

# The vdirsyncer config the README gives, with the server's address, the login and the paths
# filled in: a user's differs only in those.
VDIRSYNCER_CONFIG = """\
[general]
status_path = {status_path}

[pair contacts]
a = "contacts_local"
b = "contacts_remote"
collections = ["from b"]
conflict_resolution = "a wins"

[storage contacts_local]
type = "filesystem"
path = {vdir_path}
fileext = ".vcf"

[storage contacts_remote]
type = "carddav"
url = {url}
username = {username}
password = {password}
"""


def isolated_env(home: Path) -> dict[str, str]:
    """The environment of every subprocess: no user config, and no proxy between us and the
    server on 127.0.0.1."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy") and not key.startswith(("XDG_", "NOTEBOOK_"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUTF8="1",
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Never through a proxy, whatever the environment says.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Radicale:
    """A running Radicale server."""

    url: str
    storage: Path
    log: Path


@dataclass
class Server:
    """One user's address book on the running Radicale, and what a phone does to it."""

    radicale: Radicale
    user: str

    @property
    def url(self) -> str:
        return self.radicale.url

    @property
    def collection_url(self) -> str:
        return f"{self.url}{self.user}/{COLLECTION}/"

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        login = base64.b64encode(f"{self.user}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={"Authorization": f"Basic {login}", **(headers or {})},
        )
        try:
            with HTTP.open(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def make_address_book(self) -> None:
        body = (
            b'<?xml version="1.0" encoding="utf-8"?>'
            b'<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>'
            b"<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
            b"<D:displayname>Contacts</D:displayname>"
            b"</D:prop></D:set></D:mkcol>"
        )
        status, answer = self.request(
            "MKCOL", self.collection_url, body, {"Content-Type": "application/xml"}
        )
        assert status == 201, (status, answer)

    def put_card(self, href: str, card: str) -> None:
        """Save a card as a phone does: PUT to its own address in the address book."""
        status, answer = self.request(
            "PUT",
            self.collection_url + href,
            card.encode(),
            {"Content-Type": "text/vcard; charset=utf-8"},
        )
        assert status in (201, 204), (status, answer)

    def delete_card(self, href: str) -> None:
        status, answer = self.request("DELETE", self.collection_url + href)
        assert status in (200, 204), (status, answer)

    def cards(self) -> dict[str, vobject.base.Component]:
        """Every card on the server, by UID (a GET of a Radicale address book is all of them)."""
        status, answer = self.request("GET", self.collection_url)
        assert status == 200, (status, answer)
        return {card.uid.value: card for card in vobject.readComponents(answer.decode())}

    def hrefs(self) -> list[str]:
        """The file names of the cards in Radicale's own storage."""
        folder = self.radicale.storage / "collection-root" / self.user / COLLECTION
        return sorted(p.name for p in folder.glob("*.vcf"))


def wait_until_answering(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            raise AssertionError(f"radicale exited with {process.returncode}:\n{log.read_text()}")
        try:
            with HTTP.open(url, timeout=1) as response:
                response.read()
            return
        except urllib.error.HTTPError:
            return  # an HTTP answer of any kind: it is up
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"radicale never answered at {url}:\n{log.read_text()}"
                ) from None
            time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A real Radicale on a free port of 127.0.0.1, no authentication, its storage in a
    temporary folder; one for the module (each test has a user of its own on it), stopped at
    the end whatever happened."""
    root = tmp_path_factory.mktemp("radicale")
    home = root / "home"
    home.mkdir()
    storage = root / "storage"
    config = root / "radicale.conf"
    log = root / "radicale.log"
    port = free_port()
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {storage}\n"
        "[logging]\nlevel = warning\n"
    )
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=isolated_env(home),
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_answering(process, url, log)
            yield Radicale(url=url, storage=storage, log=log)
        finally:
            stop(process)


USERS = itertools.count(1)


@pytest.fixture
def server(radicale: Radicale) -> Server:
    """An empty address book on the server, of a user of this test's own."""
    address_book = Server(radicale, user=f"user{next(USERS)}")
    address_book.make_address_book()
    return address_book


@dataclass
class Vdirsyncer:
    config: Path
    vdir: Path
    env: dict[str, str]

    def run(self, *argv: str, answers: str = "") -> str:
        done = subprocess.run(
            [str(VDIRSYNCER), "-c", str(self.config), *argv],
            input=answers,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=SUBPROCESS_TIMEOUT,
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"vdirsyncer {' '.join(argv)} failed:\n{output}"
        assert "error:" not in output.lower(), output
        return output

    def sync(self) -> str:
        return self.run("sync")


@pytest.fixture
def vdirsyncer(tmp_path: Path, home: Path, server: Server) -> Vdirsyncer:
    """vdirsyncer set up as the README says: the config written, `discover` answered yes to
    making the local folder for the server's address book."""
    assert VDIRSYNCER.exists(), f"vdirsyncer is not installed beside {sys.executable}"
    config = tmp_path / "vdirsyncer.conf"
    contacts = tmp_path / "contacts"
    config.write_text(
        VDIRSYNCER_CONFIG.format(
            status_path=json.dumps(f"{tmp_path / 'status'}/"),
            vdir_path=json.dumps(f"{contacts}/"),
            url=json.dumps(server.url),
            username=json.dumps(server.user),
            password=json.dumps(PASSWORD),
        )
    )
    synced = Vdirsyncer(config=config, vdir=contacts / COLLECTION, env=isolated_env(home))
    output = synced.run("discover", answers="y\n")
    assert f'collections = ["{COLLECTION}"]' in output, output
    assert synced.vdir.is_dir()
    return synced


def vcard(uid: str, name: str, *lines: str) -> str:
    """A vCard 3.0 as a phone writes one."""
    first, _, last = name.rpartition(" ")
    head = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{name}", f"N:{last};{first};;;"]
    return "\r\n".join([*head, *lines, "END:VCARD", ""])


def vdir_cards(folder: Path) -> dict[str, vobject.base.Component]:
    cards = {}
    for path in folder.glob("*.vcf"):
        card = vobject.readOne(path.read_text(encoding="utf-8"))
        cards[card.uid.value] = card
    return cards


# -- the server and vdirsyncer alone -------------------------------------------------------------


def test_a_card_saved_on_the_server_arrives_in_the_vdir(server: Server, vdirsyncer: Vdirsyncer):
    server.put_card("phone-0.vcf", vcard("phone-0", "Sam Lee"))
    server.put_card(
        "phone-1.vcf",
        vcard(
            "phone-1",
            "Maria Quill",
            "EMAIL;TYPE=INTERNET:maria@example.org",
            "TEL;TYPE=CELL:+1 555 0100",
        ),
    )
    vdirsyncer.sync()
    cards = vdir_cards(vdirsyncer.vdir)
    assert sorted(cards) == ["phone-0", "phone-1"]
    assert cards["phone-1"].fn.value == "Maria Quill"
    assert cards["phone-1"].email.value == "maria@example.org"
    # vdirsyncer names the file after the UID (a UID with characters unsafe in a file name,
    # such as urn:uuid:..., gets a random name instead).
    assert sorted(p.name for p in vdirsyncer.vdir.iterdir()) == ["phone-0.vcf", "phone-1.vcf"]

    server.delete_card("phone-1.vcf")
    vdirsyncer.sync()
    assert [p.name for p in vdirsyncer.vdir.iterdir()] == ["phone-0.vcf"]


def test_a_card_written_into_the_vdir_arrives_on_the_server(server: Server, vdirsyncer: Vdirsyncer):
    (vdirsyncer.vdir / "folder-0.vcf").write_text(vcard("folder-0", "Sam Lee"), encoding="utf-8")
    (vdirsyncer.vdir / "any name.vcf").write_text(
        vcard("folder-1", "Dana Nguyen", "EMAIL:dana@example.org"), encoding="utf-8"
    )
    vdirsyncer.sync()
    cards = server.cards()
    assert sorted(cards) == ["folder-0", "folder-1"]
    assert cards["folder-1"].email.value == "dana@example.org"
    # On the server the card is stored under its UID (as in the vdir, a random name when the
    # UID is unsafe in one), whatever the local file was called.
    assert server.hrefs() == ["folder-0.vcf", "folder-1.vcf"]

    (vdirsyncer.vdir / "any name.vcf").unlink()
    vdirsyncer.sync()
    assert list(server.cards()) == ["folder-0"]


# -- end to end: server ⇄ vdirsyncer ⇄ vdir ⇄ notebook sync vdir ⇄ notebook ---------------------


@dataclass
class Stack:
    """The whole chain, and the user's routine: vdirsyncer sync, notebook sync vdir,
    vdirsyncer sync."""

    server: Server
    vdirsyncer: Vdirsyncer
    db: Path
    capsys: pytest.CaptureFixture[str]

    def notebook(self, *argv: str) -> str:
        """A notebook command, in process; it must succeed. What it printed."""
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *argv])
        out, err = self.capsys.readouterr()
        assert code == 0, f"notebook {' '.join(argv)} exited {code}:\n{out}{err}"
        return out + err

    def sync(self, *options: str) -> str:
        """The routine: the server's changes into the folder, the folder and the notebook
        synced, the notebook's changes to the server. What the notebook's sync printed."""
        self.vdirsyncer.sync()
        said = self.notebook("sync", "vdir", str(self.vdirsyncer.vdir), "--yes", *options)
        self.vdirsyncer.sync()
        return said

    def people(self) -> dict[str, Person]:
        """Everyone in the notebook (the archive too), by name."""
        notebook = Notebook.open(self.db, read_only=True)
        try:
            return {p.name: p for p in notebook.people.all(include_archived=True)}
        finally:
            notebook.close()

    def timeline(self, name: str) -> list[str]:
        notebook = Notebook.open(self.db, read_only=True)
        try:
            (person,) = notebook.people.find_by_name(name)
            return [i.summary for i in notebook.conversations.timeline(person.id or 0)]
        finally:
            notebook.close()

    def edit(self, name: str, **changes: object) -> None:
        """Edit a person as the app's edit form saves them."""
        notebook = Notebook.open(self.db)
        try:
            (person,) = notebook.people.find_by_name(name)
            notebook.people.edit(replace(person, **changes))
        finally:
            notebook.close()

    def forget(self, name: str) -> None:
        """Forget a person as the app's `D` does (the shell has no command for it)."""
        notebook = Notebook.open(self.db)
        try:
            (person,) = notebook.people.find_by_name(name)
            notebook.people.forget(person.id or 0)
        finally:
            notebook.close()


@pytest.fixture
def stack(
    tmp_path: Path,
    home: Path,
    server: Server,
    vdirsyncer: Vdirsyncer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Stack:
    # The notebook commands run in process: they see the same isolated environment.
    for key, value in isolated_env(home).items():
        monkeypatch.setenv(key, value)
    for key in ("NOTEBOOK_DB", "NOTEBOOK_TODAY"):
        monkeypatch.delenv(key, raising=False)
    return Stack(server=server, vdirsyncer=vdirsyncer, db=tmp_path / "notebook.json", capsys=capsys)


LONG_NOTE = "Met at the meetup in Lyon; " + "she knows everyone on the platform team. " * 3
# A card as a phone keeps it, with what the notebook has no field for (a birthday, a label, a
# phone's own property), which must outlive the notebook's edits.
MARIA = vcard(
    "phone-maria",
    "Maria Quill",
    "EMAIL;TYPE=INTERNET:maria@example.org",
    "TEL;TYPE=CELL:+1 555 0100",
    "ORG:Fabrikam",
    "BDAY:1990-04-01",
    "item1.URL:https://maria.example.org",
    "item1.X-ABLABEL:blog",
    "X-PHONE-FAVOURITE:1",
    f"NOTE:{LONG_NOTE}",
)
# Someone always on both sides (vdirsyncer refuses to sync a side that was emptied), whose
# name is not ASCII.
SAM = vcard("phone-sam", "Zoë Ångström", "EMAIL:zoe@example.org")


def test_a_phone_contact_added_edited_and_deleted_on_the_server_reaches_the_notebook(
    stack: Stack,
):
    stack.server.put_card("phone-sam.vcf", SAM)
    stack.server.put_card("phone-maria.vcf", MARIA)
    stack.sync()
    people = stack.people()
    maria = people["Maria Quill"]
    assert maria.uid == "phone-maria"
    assert maria.emails == ("maria@example.org",)
    assert maria.phones == ("+1 555 0100",)
    assert maria.company == "Fabrikam"
    # Radicale folds the long line; it arrives whole.
    assert maria.notes == LONG_NOTE.strip()
    assert not maria.archived
    assert people["Zoë Ångström"].emails == ("zoe@example.org",)

    stack.notebook("note", "Coffee: she'll intro me to her manager", "--with", "Maria Quill")
    stack.server.put_card(
        "phone-maria.vcf",
        MARIA.replace("maria@example.org", "maria@contoso.com").replace("Fabrikam", "Contoso"),
    )
    stack.sync()
    maria = stack.people()["Maria Quill"]
    assert maria.emails == ("maria@contoso.com",)
    assert maria.company == "Contoso"

    stack.server.delete_card("phone-maria.vcf")
    stack.sync()
    people = stack.people()
    assert people["Maria Quill"].archived
    assert not people["Zoë Ångström"].archived
    # Archived, not forgotten: the conversation is still hers.
    assert stack.timeline("Maria Quill") == ["Coffee: she'll intro me to her manager"]
    assert set(stack.server.cards()) == {"phone-sam"}


def test_a_person_added_edited_and_forgotten_in_the_notebook_reaches_the_server(stack: Stack):
    stack.server.put_card("phone-sam.vcf", SAM)
    stack.notebook("add", "Dana Nguyen", "--company", "Fabrikam", "--title", "Engineer")
    stack.sync()
    dana = stack.people()["Dana Nguyen"]
    card = stack.server.cards()[dana.uid]
    assert card.fn.value == "Dana Nguyen"
    assert card.org.value == ["Fabrikam"]
    assert card.title.value == "Engineer"
    assert set(stack.server.cards()) == {dana.uid, "phone-sam"}

    stack.edit("Dana Nguyen", company="Contoso", emails=("dana@contoso.com",))
    stack.sync()
    card = stack.server.cards()[dana.uid]
    assert card.org.value == ["Contoso"]
    assert card.email.value == "dana@contoso.com"

    stack.forget("Dana Nguyen")
    stack.sync()
    assert set(stack.server.cards()) == {"phone-sam"}
    assert "Dana Nguyen" not in stack.people()


@pytest.mark.parametrize(
    ("options", "winner"),
    [((), "Notebook Inc"), (("--prefer", "vdir"), "Phone Inc")],
    ids=["notebook-wins", "prefer-vdir"],
)
def test_a_field_changed_on_the_phone_and_in_the_notebook_is_a_conflict(
    stack: Stack, options: tuple[str, ...], winner: str
):
    stack.server.put_card("phone-sam.vcf", SAM)
    stack.server.put_card("phone-maria.vcf", MARIA)
    stack.sync()

    stack.server.put_card("phone-maria.vcf", MARIA.replace("Fabrikam", "Phone Inc"))
    stack.edit("Maria Quill", company="Notebook Inc")
    said = stack.sync(*options)
    (conflict,) = [line for line in said.splitlines() if "conflict" in line.lower()]
    for part in ("Maria Quill", "company", "Notebook Inc", "Phone Inc"):
        assert part in conflict, said
    assert stack.people()["Maria Quill"].company == winner
    card = stack.server.cards()["phone-maria"]
    assert card.org.value == [winner]
    # The rest of the phone's card is as the phone left it.
    assert card.bday.value == "1990-04-01"
    assert card.x_phone_favourite.value == "1"
    assert [(c.group, c.name, c.value) for c in card.getChildren() if c.group] == [
        ("item1", "URL", "https://maria.example.org"),
        ("item1", "X-ABLABEL", "blog"),
    ]
    assert card.note.value == LONG_NOTE

    # Settled: neither side has anything left to give the other.
    said = stack.notebook("sync", "vdir", str(stack.vdirsyncer.vdir), "--yes", *options)
    assert "conflict" not in said.lower(), said
    assert "Unchanged: 2" in said, said
    pulled = stack.vdirsyncer.sync()
    assert "Copying" not in pulled and "Deleting" not in pulled, pulled


def test_the_routine_as_a_script_runs_it(stack: Stack, home: Path):
    """The README's three commands, each a real process (the installed `notebook` command, no
    terminal): deletions wait for --yes."""

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=isolated_env(home),
            timeout=SUBPROCESS_TIMEOUT,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    vdirsyncer_sync = (str(VDIRSYNCER), "-c", str(stack.vdirsyncer.config), "sync")
    notebook_sync = (str(BIN / "notebook"), "--db", str(stack.db), "sync", "vdir")
    folder = str(stack.vdirsyncer.vdir)

    stack.server.put_card("phone-maria.vcf", MARIA)
    stack.server.put_card("phone-sam.vcf", SAM)
    stack.notebook("add", "Dana Nguyen", "--company", "Fabrikam")
    for command in (vdirsyncer_sync, (*notebook_sync, folder), vdirsyncer_sync):
        done = run(*command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    dana = stack.people()["Dana Nguyen"].uid
    assert {"Maria Quill", "Zoë Ångström", "Dana Nguyen"} == set(stack.people())
    assert set(stack.server.cards()) == {"phone-maria", "phone-sam", dana}

    stack.forget("Dana Nguyen")
    refused = run(*notebook_sync, folder)
    assert refused.returncode == 1, (refused.stdout, refused.stderr)
    assert "--yes" in refused.stderr, refused.stderr
    assert dana in vdir_cards(stack.vdirsyncer.vdir)
    allowed = run(*notebook_sync, folder, "--yes")
    assert allowed.returncode == 0, (allowed.stdout, allowed.stderr)
    assert run(*vdirsyncer_sync).returncode == 0
    assert set(stack.server.cards()) == {"phone-maria", "phone-sam"}
