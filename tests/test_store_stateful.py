"""The store against a plain-dict model: any sequence of writes, batches and reopenings leaves
the store's rows, and the file on disk, equal to the model."""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from notebook.store import Store

from .test_background_save import Recording

# Tables the schema does not know: this machine tests the store's mechanics on any documents.
TABLES = ("cards", "links")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=6,
)
docs = st.dictionaries(
    st.sampled_from(["name", "company", "tags", "n", "note", "flag"]), json_values, max_size=4
)
tables = st.sampled_from(TABLES)


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="store-machine-"))
        self.path = self.folder / "nb.json"
        self.store = Store.open(self.path, backups=2)
        self.model: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in TABLES}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _added(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        assert doc_id not in self.model[table], "an id was handed out twice"
        self.model[table][doc_id] = copy.deepcopy(doc)

    @rule(table=tables, doc=docs)
    def insert(self, table: str, doc: dict[str, Any]) -> None:
        self._added(table, self.store.insert(table, doc), doc)

    @rule(table=tables, batch=st.lists(docs, min_size=1, max_size=4), many=st.booleans())
    def batch_of_inserts(self, table: str, batch: list[dict[str, Any]], many: bool) -> None:
        with self.store.batch():
            if many:
                ids = self.store.insert_many(table, batch)
            else:
                ids = [self.store.insert(table, doc) for doc in batch]
        assert len(ids) == len(batch)
        for doc_id, doc in zip(ids, batch, strict=True):
            self._added(table, doc_id, doc)

    @precondition(lambda self: any(self.model.values()))
    @rule(data=st.data(), fields=docs)
    def update(self, data: st.DataObject, fields: dict[str, Any]) -> None:
        table = data.draw(st.sampled_from([t for t in TABLES if self.model[t]]))
        doc_id = data.draw(st.sampled_from(sorted(self.model[table])))
        self.store.update(table, doc_id, fields)
        self.model[table][doc_id].update(copy.deepcopy(fields))

    @precondition(lambda self: any(self.model.values()))
    @rule(data=st.data(), doc=docs)
    def replace(self, data: st.DataObject, doc: dict[str, Any]) -> None:
        table = data.draw(st.sampled_from([t for t in TABLES if self.model[t]]))
        doc_id = data.draw(st.sampled_from(sorted(self.model[table])))
        self.store.replace(table, doc_id, doc)
        self.model[table][doc_id] = copy.deepcopy(doc)

    @precondition(lambda self: any(self.model.values()))
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        table = data.draw(st.sampled_from([t for t in TABLES if self.model[t]]))
        doomed = data.draw(st.lists(st.sampled_from(sorted(self.model[table])), unique=True))
        self.store.remove(table, doomed)
        for doc_id in doomed:
            del self.model[table][doc_id]

    @rule(table=tables, doc=docs)
    def failed_batch(self, table: str, doc: dict[str, Any]) -> None:
        try:
            with self.store.batch():
                self.store.insert(table, doc)
                raise LookupError("abandoned")
        except LookupError:
            pass

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.path, backups=2)

    @invariant()
    def rows_equal_the_model(self) -> None:
        for table in TABLES:
            assert dict(self.store.rows(table)) == self.model[table]
            for doc_id, doc in self.model[table].items():
                assert self.store.get(table, doc_id) == doc

    @invariant()
    def file_equals_the_model(self) -> None:
        on_disk = orjson.loads(self.path.read_bytes())
        for table in TABLES:
            assert on_disk.get(table, {}) == {str(k): v for k, v in self.model[table].items()}


StoreMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=20, deadline=None)
TestStoreMachine = StoreMachine.TestCase


class BackgroundStoreMachine(StoreMachine):
    """The same writes saved as the app saves them: made and written on the saver thread, from
    tables that keep changing meanwhile. The saver is held back at random (this thread holds
    the file), so saves queue up behind it; each must still write memory exactly as it was at
    its own write."""

    def __init__(self) -> None:
        super().__init__()
        self.store.close()
        self.store = self._open()
        self.expected: list[bytes] = []  # what each save must write, in order
        self.seen = 0
        self.held = False

    def _open(self) -> Recording:
        store = Recording.open(self.path, backups=2)
        assert isinstance(store, Recording)
        store.save_in_background(lambda: None)
        return store

    def teardown(self) -> None:
        self.release()
        super().teardown()

    @precondition(lambda self: not self.held)
    @rule()
    def hold_the_saver(self) -> None:
        self.held = self.store._file_lock.acquire(timeout=30)

    @precondition(lambda self: self.held)
    @rule()
    def release(self) -> None:
        if self.held:
            self.store._file_lock.release()
            self.held = False
        assert self.store.wait_saved() is None and self.store.settle() is None
        assert isinstance(self.store, Recording)
        assert self.store.written == self.expected
        assert not self.store._lent

    @rule()
    def reopen(self) -> None:
        self.release()
        self.store.close()
        self.store = self._open()
        self.expected, self.seen = [], 0

    @invariant()
    def each_save_is_memory_at_its_write(self) -> None:
        if self.store.saves > self.seen:
            assert self.store.saves == self.seen + 1  # one save per rule
            self.expected.append(self.store._content())
            self.seen = self.store.saves

    @invariant()
    def file_equals_the_model(self) -> None:
        if not self.held:
            self.release()
            super().file_equals_the_model()


BackgroundStoreMachine.TestCase.settings = settings(
    max_examples=30, stateful_step_count=20, deadline=None
)
TestBackgroundStoreMachine = BackgroundStoreMachine.TestCase
