"""The evidence store: bodies kept by sha256 in append-only packs, readable by other processes."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.evidence import QUEUE_BODIES, QUEUE_BYTES, EvidenceQueue, EvidenceStore

BODIES = [f"<html>第 {i} 页 政府信息公开</html>".encode() * (i + 1) for i in range(50)]


def test_put_then_get_returns_the_same_bytes(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "ev") as store:
        digests = [store.put(body) for body in BODIES]
        assert digests == [hashlib.sha256(body).hexdigest() for body in BODIES]
        assert [store.get(d) for d in digests] == BODIES
    assert len(list((tmp_path / "ev" / "packs").glob("*.pack"))) == 1, "one pack per writer, not a file per page"


def test_a_body_is_stored_once(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "ev") as store:
        store.put(BODIES[0])
        store.put(BODIES[0])
    lines = next((tmp_path / "ev" / "packs").glob("*.idx")).read_bytes().splitlines()
    assert len(lines) == 1


def test_each_record_is_a_plain_gzip_member_at_its_indexed_offset(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "ev") as store:
        for body in BODIES[:5]:
            store.put(body)
    idx = next((tmp_path / "ev" / "packs").glob("*.idx"))
    pack = idx.with_suffix(".pack").read_bytes()
    for line, body in zip(idx.read_text().splitlines(), BODIES[:5], strict=True):
        sha, offset, length = line.split()
        raw = gzip.decompress(pack[int(offset):int(offset) + int(length)])
        assert raw == body and hashlib.sha256(raw).hexdigest() == sha


def test_bodies_put_together_are_each_at_their_indexed_offset_across_a_new_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("crawler.evidence.PACK_LIMIT", 600)  # a few bodies per pack
    items = [(hashlib.sha256(body).hexdigest(), body) for body in BODIES[:20]]
    with EvidenceStore(tmp_path / "ev") as store:
        store.put_many(items)
        assert [store.get(digest) for digest, _ in items] == BODIES[:20]
    packs = sorted((tmp_path / "ev" / "packs").glob("*.idx"))
    assert len(packs) > 1, "a batch that fills a pack goes on in a new one"
    fresh = EvidenceStore(tmp_path / "ev")  # another reader, from the index files alone
    assert [fresh.get(digest) for digest, _ in items] == BODIES[:20]
    for idx in packs:
        pack = idx.with_suffix(".pack").read_bytes()
        lines = idx.read_text().splitlines()
        assert sum(int(line.split()[2]) for line in lines) == len(pack), "records are contiguous, nothing torn"


def test_missing_body_is_a_key_error_naming_it(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "ev")
    with pytest.raises(KeyError, match="0" * 64):
        store.get("0" * 64)


def test_another_process_reads_what_a_writer_has_put_while_it_is_still_open(tmp_path: Path) -> None:
    writer = EvidenceStore(tmp_path / "ev")
    digest = writer.put(BODIES[3])
    reader = EvidenceStore(tmp_path / "ev")
    assert reader.get(digest) == BODIES[3]
    later = writer.put(BODIES[4])  # the reader has loaded the index already: it must look again
    assert reader.get(later) == BODIES[4]
    code = f"from crawler.evidence import EvidenceStore; print(EvidenceStore({str(tmp_path / 'ev')!r}).get({later!r}).decode())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == BODIES[4].decode()
    writer.close()


def test_a_torn_index_line_is_ignored_until_complete(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "ev") as store:
        digest = store.put(BODIES[1])
    idx = next((tmp_path / "ev" / "packs").glob("*.idx"))
    with idx.open("ab") as handle:
        handle.write(b"ab" * 10)  # a writer killed mid-line
    reader = EvidenceStore(tmp_path / "ev")
    assert reader.get(digest) == BODIES[1]
    assert not reader.has("ab" * 32)


def test_two_writers_keep_separate_packs_and_both_are_readable(tmp_path: Path) -> None:
    first, second = EvidenceStore(tmp_path / "ev"), EvidenceStore(tmp_path / "ev")
    a, b = first.put(BODIES[5]), second.put(BODIES[6])
    first.close()
    second.close()
    assert len(list((tmp_path / "ev" / "packs").glob("*.pack"))) == 2
    reader = EvidenceStore(tmp_path / "ev")
    assert (reader.get(a), reader.get(b)) == (BODIES[5], BODIES[6])


def test_stores_written_before_packs_are_still_read(tmp_path: Path) -> None:
    body = BODIES[7]
    sha = hashlib.sha256(body).hexdigest()
    legacy = tmp_path / "ev" / sha[:2] / f"{sha}.gz"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(gzip.compress(body))
    store = EvidenceStore(tmp_path / "ev")
    assert store.has(sha) and store.get(sha) == body
    assert sha in store.known()


def test_the_queue_skips_bodies_an_earlier_run_stored_and_repeats(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "ev") as store:
        store.put(BODIES[8])
    queue = EvidenceQueue(EvidenceStore(tmp_path / "ev"))
    digests = [queue.add(body) for body in (BODIES[8], BODIES[9], BODIES[9])]
    assert digests == [hashlib.sha256(body).hexdigest() for body in (BODIES[8], BODIES[9], BODIES[9])]
    assert queue.take() == [(digests[1], BODIES[9])], "BODIES[8] was stored by the earlier run, BODIES[9] once"
    assert queue.take() == []


def test_the_queue_is_full_after_many_bodies_or_many_bytes(tmp_path: Path) -> None:
    queue = EvidenceQueue(EvidenceStore(tmp_path / "ev"))
    for i in range(QUEUE_BODIES - 1):
        queue.add(f"第 {i} 页".encode())
    assert not queue.full
    queue.add(b"one more")
    assert queue.full
    queue.take()
    queue.add(b"x" * QUEUE_BYTES)
    assert queue.full


def test_the_crawl_store_writes_bodies_through_its_writer_before_the_rows(tmp_path: Path) -> None:
    from datetime import date

    from crawler.store import CrawlStore, RunWindow

    store = CrawlStore(tmp_path / "crawl.duckdb")
    store.start_run(RunWindow(2025, date(2026, 1, 15)), sites_file="s", indicators="t", version="t", settings={})
    store.start_background_writes()
    digests = [store.put_evidence(body) for body in BODIES]
    store.close()
    reader = EvidenceStore.beside(tmp_path / "crawl.duckdb")
    assert [reader.get(digest) for digest in digests] == BODIES


def test_a_failed_evidence_write_is_reported(tmp_path: Path) -> None:
    from datetime import date

    from crawler.dbwriter import WriterFailed
    from crawler.store import CrawlStore, RunWindow

    (tmp_path / "crawl.evidence").write_text("not a folder")  # the store cannot create its packs here
    store = CrawlStore(tmp_path / "crawl.duckdb")
    store.start_run(RunWindow(2025, date(2026, 1, 15)), sites_file="s", indicators="t", version="t", settings={})
    store.start_background_writes()
    store.put_evidence(b"body")
    with pytest.raises(WriterFailed, match="crawl.evidence"):
        store.close()
