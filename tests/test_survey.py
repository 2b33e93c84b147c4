"""The survey of a corpus before coding: document counts, skipped files, default workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.config import Config
from legation.ingest import IngestStats, iter_documents
from legation.survey import DOCUMENTS_PER_WORKER, Survey, default_workers, survey

DATA = Path(__file__).parent / "data" / "ingest"


def test_survey_counts_documents_and_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}')
    (tmp_path / "c.csv").write_text("text,id\nx,1\ny,2\n")
    (tmp_path / "deck.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("not counted")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.html").write_text("<p>hi</p>")
    (tmp_path / "sub" / "memo.docx").write_bytes(b"PK")
    found = survey([tmp_path])
    assert (found.files, found.documents) == (4, 7)
    assert [p.name for p in found.unsupported] == ["deck.pdf", "memo.docx"]


def test_survey_agrees_with_ingest_on_what_it_skips() -> None:
    stats = IngestStats()
    list(iter_documents([DATA], Config.default(), stats))
    found = survey([DATA])
    assert len(found.unsupported) == stats.skipped == 1
    assert found.files == stats.files


def test_a_file_named_explicitly_is_never_skipped(tmp_path: Path) -> None:
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(b"%PDF")
    assert survey([pdf]) == Survey(files=1, documents=1, unsupported=())


@pytest.mark.parametrize(
    ("documents", "cpus", "workers"),
    [
        (0, 8, 1),
        (DOCUMENTS_PER_WORKER - 1, 8, 1),
        (2 * DOCUMENTS_PER_WORKER, 8, 2),
        (100 * DOCUMENTS_PER_WORKER, 8, 8),
        (100 * DOCUMENTS_PER_WORKER, 1, 1),
    ],
)
def test_workers_default_to_the_cpus_when_the_input_pays_for_them(
    documents: int, cpus: int, workers: int
) -> None:
    assert default_workers(documents, cpus) == workers
