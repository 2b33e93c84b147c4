"""Property-based tests: whatever a user feeds Legation, it answers with documents, events,
failures or a LegationError — never another exception, never a hang."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import legation
from legation.config import Config
from legation.errors import LegationError
from legation.ingest import find_dateline, iter_documents, parse_date
from legation.model import Document, Event, Failure

CONFIG = Config.default()
FILES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

record = st.dictionaries(
    st.sampled_from(["text", "id", "title", "url", "outlet", "published", "extra"]),
    st.one_of(st.text(max_size=80), st.integers(), st.none(), st.lists(st.integers(), max_size=3)),
    max_size=6,
)


def ingest_bytes(data: bytes, suffix: str) -> list[Document | Failure]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        return list(iter_documents([path], CONFIG))


def assert_clean(items: list[Document | Failure]) -> None:
    for item in items:
        assert isinstance(item, Document | Failure)
        if isinstance(item, Failure):
            assert item.source and item.reason


@FILES
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv"]))
def test_any_bytes_in_any_format(data: bytes, suffix: str) -> None:
    assert_clean(ingest_bytes(data, suffix))


@FILES
@given(text=st.text(max_size=400), suffix=st.sampled_from([".txt", ".html", ".md"]))
def test_any_unicode_text_file(text: str, suffix: str) -> None:
    assert_clean(ingest_bytes(text.encode("utf-8", "surrogatepass"), suffix))


@FILES
@given(records=st.lists(st.one_of(record, st.text(max_size=40)), max_size=5))
def test_jsonl_with_arbitrary_records(records: list[object]) -> None:
    lines = [json.dumps(r) if not isinstance(r, str) else r for r in records]
    assert_clean(ingest_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), ".jsonl"))


@FILES
@given(rows=st.lists(st.lists(st.text(max_size=30), max_size=5), max_size=6))
def test_csv_with_arbitrary_rows(rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["text", "id", "published"], *rows])
    assert_clean(ingest_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"), ".csv"))


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=60))
def test_date_parsers_never_raise(value: str) -> None:
    assert parse_date(value) is None or isinstance(parse_date(value), date)
    assert find_dateline(value) is None or isinstance(find_dateline(value), date)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "General Munir met",
                    "Blinken",
                    ",",
                    "and",
                    "the",
                    "should",
                    "not",
                    "in 1959",
                    "asked the IMF for $1.2 billion",
                    "\n\n",
                    "WASHINGTON —",
                    "(Reuters) -",
                    "he",
                    "Pakistan",
                    "condemned",
                    ".",
                    "who",
                    "visited",
                ]
            ),
            max_size=40,
        ).map(" ".join),
    ),
    published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1))),
)
def test_code_text_yields_events_or_a_legation_error(text: str, published: date | None) -> None:
    try:
        events = legation.code_text(text, published=published)
    except LegationError:
        return
    assert all(isinstance(e, Event) for e in events)
    for event in events:
        sentence = event.sentence
        assert sentence.start <= event.trigger.start < event.trigger.end <= sentence.end
