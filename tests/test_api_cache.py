"""The API's answer cache: kept until the next write, never older than it, one computation
for concurrent misses."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from legation import analysis
from legation.app.cache import AnswerCache, _Answer
from legation.app.http import create_app
from legation.store import Store
from tests.test_analysis import build_sample_store

TOKEN = "cache-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return Path(build_sample_store(tmp_path / "sample.duckdb"))


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as test_client:
        yield test_client


def get(client: TestClient, path: str) -> httpx.Response:
    response = client.get(path, headers=AUTH)
    assert response.status_code == 200, response.text
    return response


def answer(body: bytes = b"{}") -> _Answer:
    return _Answer(200, [(b"content-type", b"application/json")], body)


# --------------------------------------------------------------------------- the cache


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = AnswerCache(max_bytes=200, max_entry_bytes=100)  # each answer below: 88 bytes
    epoch = cache.epoch()
    assert cache.put(("GET", "/a", b""), answer(b"x" * 60), epoch)
    assert not cache.put(("GET", "/big", b""), answer(b"x" * 150), epoch)  # over the entry cap
    assert cache.put(("GET", "/b", b""), answer(b"y" * 60), epoch)
    assert cache.get(("GET", "/a", b"")) is not None  # /a is now the most recently used
    assert cache.put(("GET", "/c", b""), answer(b"z" * 60), epoch)  # 264 bytes: one goes
    assert cache.get(("GET", "/b", b"")) is None
    assert cache.get(("GET", "/a", b"")) is not None and cache.get(("GET", "/c", b"")) is not None
    assert len(cache) == 2 and (cache.hits, cache.misses) == (3, 1)


def test_an_answer_computed_across_a_write_is_not_kept() -> None:
    cache = AnswerCache()
    before = cache.epoch()
    cache.begin_write()
    assert cache.epoch() is None  # nothing read during a write may be kept
    assert not cache.put(("GET", "/a", b""), answer(), before)
    cache.end_write()
    assert not cache.put(("GET", "/a", b""), answer(), before)  # read before the write
    assert cache.put(("GET", "/a", b""), answer(), cache.epoch())
    cache.invalidate()
    assert len(cache) == 0


# --------------------------------------------------------------------------- the middleware


def test_reads_are_answered_from_the_cache_until_a_write(client: TestClient) -> None:
    first = get(client, "/api/health")
    again = get(client, "/api/health")
    assert first.headers["x-legation-cache"] == "miss"
    assert again.headers["x-legation-cache"] == "hit" and again.json() == first.json()
    assert again.headers["content-security-policy"]  # the guard's headers on hits too
    events = first.json()["counts"]["events"]

    ids = [e["id"] for e in get(client, "/api/events?limit=500&all=true").json()["events"]]
    merged = client.post(
        "/api/merges", json={"canonical": ids[0], "members": [ids[1]]}, headers=AUTH
    )
    assert merged.status_code == 201, merged.text
    after = get(client, "/api/health")
    assert after.headers["x-legation-cache"] == "miss"
    assert after.json()["counts"]["events"] == events - 1


def test_a_write_made_with_the_library_empties_the_cache(client: TestClient) -> None:
    before = get(client, "/api/health").json()["counts"]
    assert get(client, "/api/health").headers["x-legation-cache"] == "hit"
    store: Store = client.app.state.legation.store  # type: ignore[attr-defined]
    store.write_batch([], [_failure()])
    after = get(client, "/api/health")
    assert after.headers["x-legation-cache"] == "miss"
    assert after.json()["counts"]["failures"] == before["failures"] + 1


def _failure() -> Any:
    from legation.model import Failure

    return Failure("elsewhere.txt", "ingest", "written with the library")


def test_refused_and_failed_answers_are_not_kept(client: TestClient) -> None:
    assert client.get("/api/health").status_code == 401  # no token: never reaches the cache
    missing = client.get(f"/api/events/{'0' * 64}", headers=AUTH)
    assert missing.status_code == 404
    again = client.get(f"/api/events/{'0' * 64}", headers=AUTH)
    assert again.headers["x-legation-cache"] == "miss"


def test_concurrent_misses_compute_one_answer(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = analysis.store_meta

    def counted(store: Store) -> Any:
        calls.append(1)
        threading.Event().wait(0.2)  # long enough for the other requests to arrive
        return original(store)

    monkeypatch.setattr(analysis, "store_meta", counted)
    app = create_app(db)

    async def fetch_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return list(await asyncio.gather(*(c.get("/api/meta") for _ in range(10))))

    try:
        answers = asyncio.run(fetch_all())
    finally:
        app.state.legation.store.close()
    assert [r.status_code for r in answers] == [200] * 10
    assert len({r.content for r in answers}) == 1
    assert len(calls) == 1


def test_without_a_cache_every_read_queries_the_store(db: Path) -> None:
    with TestClient(create_app(db, cache_bytes=0)) as client:
        first = client.get("/api/health")
        assert "x-legation-cache" not in first.headers
        assert client.app.state.legation.cache is None  # type: ignore[attr-defined]
