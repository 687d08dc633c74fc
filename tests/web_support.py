"""The store the web tests read: the demo corpus plus one hostile article, built once per test session."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from wiretrace import Store, demo, ingest

HOSTILE = """title: <img src=x onerror="window.__pwned='title'">Dock <b>strike</b> spreads</script>
source: <script>window.__pwned='source'</script>Harbour Gazette
published: 2024-06-05T08:00:00+00:00

LISBON, June 5 - Dock workers <b>walked out</b> again on Wednesday, <i>union</i> leaders said. <script>window.__pwned='text'; document.title='pwned'</script>

"We will not <em>go back</em> until the <a href="javascript:window.__pwned='link'">contract</a> is signed," said union leader Rui Falcao. <style>body{display:none}</style>
"""


def web_store(tmp_path_factory) -> tuple[Path, str]:
    """(store path, id of the hostile article), loaded on the first call and shared by every later one."""
    folder = tmp_path_factory.getbasetemp() / "web-store"
    path = folder / "news.db"
    if not path.exists():
        folder.mkdir(exist_ok=True)
        hostile = folder / "hostile.txt"
        hostile.write_text(HOSTILE, encoding="utf-8")
        building = folder / "building.db"
        with Store(building) as store:
            report = ingest(store, [demo.corpus_path(), hostile])
            assert not report.rejected, report.rejected
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{building}{suffix}").exists():
                Path(f"{building}{suffix}").rename(f"{path}{suffix}")
        index = Path(f"{building}.index")
        if index.exists():
            index.rename(f"{path}.index")
    with Store(path) as store:
        hostile_id = next(a.id for a in store.articles(search="Rui Falcao"))
    return path, hostile_id


def content_digest(path: Path) -> str:
    """A digest of everything the store holds, to show a reader changed nothing."""
    with sqlite3.connect(path) as db:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()
