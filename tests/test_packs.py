"""The pack store the compiled gold cache keeps its entries in."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import harness.packs
from harness.packs import MAGIC, SUFFIX, PackStore, scan


def _packs(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{SUFFIX}"))


def test_records_read_back_in_this_process_and_in_a_fresh_store(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "packs")
    assert store.get("a") is None
    store.put("a.bin", b"first")
    store.put("b.prep", b"")
    store.put("a.bin", b"again")  # the latest record of a key is the one read
    assert (store.get("a.bin"), store.get("b.prep")) == (b"again", b"")
    fresh = PackStore(tmp_path / "packs")
    assert (fresh.get("a.bin"), fresh.get("b.prep"), fresh.get("c")) == (b"again", b"", None)
    assert len(_packs(tmp_path / "packs")) == 1  # one writer, one pack
    assert sorted(fresh.stored_keys()) == ["a.bin", "b.prep"]


def test_each_writer_appends_to_a_pack_of_its_own(tmp_path: Path) -> None:
    one, two = PackStore(tmp_path), PackStore(tmp_path)
    one.put("x", b"1")
    two.put("y", b"2")
    assert len(_packs(tmp_path)) == 2
    assert PackStore(tmp_path).get("x") == b"1" and PackStore(tmp_path).get("y") == b"2"


def test_a_torn_last_record_is_ignored_and_the_ones_before_it_kept(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    store.put("kept", b"k" * 100)
    store.put("torn", b"t" * 100)
    (pack,) = _packs(tmp_path)
    data = pack.read_bytes()
    pack.write_bytes(data[:-30])  # a writer stopped mid-record
    fresh = PackStore(tmp_path)
    assert fresh.get("kept") == b"k" * 100 and fresh.get("torn") is None
    assert [k for k, _ in scan(pack)] == ["kept"]


def test_a_changed_body_fails_its_checksum(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    store.put("k", b"abcdef")
    (pack,) = _packs(tmp_path)
    pack.write_bytes(pack.read_bytes().replace(b"abcdef", b"abcdeX"))
    assert PackStore(tmp_path).get("k") is None


def test_a_file_that_is_no_pack_is_no_entry(tmp_path: Path) -> None:
    (tmp_path / f"junk{SUFFIX}").write_bytes(b"not a pack at all, longer than a header")
    (tmp_path / "other.txt").write_bytes(MAGIC)
    store = PackStore(tmp_path)
    assert store.stored_keys() == [] and store.get("not") is None
    store.put("k", b"v")
    assert PackStore(tmp_path).get("k") == b"v"


def test_a_store_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    store = PackStore(blocked / "packs")
    store.put("k", b"v")  # never raises
    assert store.get("k") is None and store.stored_keys() == [] and store.size() == 0


def test_a_pickled_store_opens_its_own_files(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    store.put("k", b"v")
    copy = pickle.loads(pickle.dumps(store))
    assert copy.get("k") == b"v"
    copy.put("l", b"w")
    assert len(_packs(tmp_path)) == 2  # the copy never appends to the original's pack


def test_a_forked_child_writes_a_pack_of_its_own(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    store.put("parent", b"p")
    pid = os.fork()
    if pid == 0:  # the child: reads what it inherited, writes its own pack
        code = 0 if store.get("parent") == b"p" else 1
        store.put("child", b"c")
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    store.put("parent-again", b"q")
    assert len(_packs(tmp_path)) == 2
    fresh = PackStore(tmp_path)
    assert (fresh.get("parent"), fresh.get("child"), fresh.get("parent-again")) == (b"p", b"c", b"q")


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=20), st.binary(max_size=300), max_size=12))
def test_whatever_is_put_is_got_back(records: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as where:
        store = PackStore(where)
        for key, body in records.items():
            store.put(key, body)
        fresh = PackStore(where)
        assert {k: fresh.get(k) for k in records} == records
        assert sorted(fresh.stored_keys()) == sorted(records)


def test_records_read_alike_where_the_system_has_no_pread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = PackStore(tmp_path)
    store.put("a", b"x" * 50)
    store.put("b", b"y" * 70)
    monkeypatch.setattr(harness.packs, "_PREAD", None)
    fresh = PackStore(tmp_path)
    assert (fresh.get("b"), fresh.get("a"), fresh.get("c")) == (b"y" * 70, b"x" * 50, None)
