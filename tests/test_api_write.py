"""The write-enabled HTTP API (started with a token), in-process over the sample store:
tokens, hostile and oversized bodies, ingest idempotency, merges, actor edits, failed writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from legation.actors.edits import store_actor_file, with_store_actors
from legation.actors.kb import load_knowledge_base
from legation.app.http import MAX_BODY_BYTES, create_app
from legation.config import Config
from legation.errors import ConfigError
from legation.store import Store
from tests.test_analysis import build_sample_store

TOKEN = "t0ken-for-the-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MEETING = (
    "ISLAMABAD, Dec 15 (Reuters) - General Asim Munir met Antony Blinken in Washington on "
    "Tuesday to discuss regional security."
)
#: One request per write endpoint, valid apart from the token.
WRITES: list[tuple[str, str, Any]] = [
    ("POST", "/api/documents", {"text": MEETING}),
    ("POST", "/api/merges", {"canonical": "a" * 64, "members": ["b" * 64]}),
    ("DELETE", f"/api/merges/{'c' * 64}", None),
    ("POST", "/api/kb/aliases", {"id": "antony_blinken", "alias": "Secretary Blinken"}),
    ("POST", "/api/kb/people", {"id": "zed_one", "name": "Zed One", "country": "PAK"}),
]
INJECTIONS = [
    "' OR 1=1 --",
    "PAK'); DROP TABLE events; --",
    "%' UNION SELECT * FROM documents --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "!!python/object/apply:os.system ['touch /tmp/legation-pwned']",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(build_sample_store(tmp_path_factory.mktemp("api-write") / "sample.duckdb"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as test_client:
        yield test_client


def send(client: TestClient, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
    kwargs.setdefault("headers", AUTH)
    return client.request(method, path, json=body, **kwargs)


def counts(client: TestClient) -> dict[str, int]:
    answer: dict[str, int] = client.get("/api/health", headers=AUTH).json()["counts"]
    return answer


def post(client: TestClient, path: str, body: Any, status: int = 200, **params: Any) -> Any:
    response = client.post(path, json=body, headers=AUTH, params=params)
    assert response.status_code == status, response.text
    return response.json()


# --------------------------------------------------------------------------- tokens


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Bearer"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN} "},
        {"X-Token": TOKEN},
    ],
    ids=["none", "wrong", "empty", "no-scheme", "basic", "trailing-space", "other-header"],
)
def test_every_write_needs_the_token(
    client: TestClient, method: str, path: str, body: Any, headers: dict[str, str]
) -> None:
    before = counts(client)
    response = send(client, method, path, body, headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "error": "missing or wrong token: send 'Authorization: Bearer <token>'"
    }
    assert counts(client) == before


def test_the_token_guards_reads_too(client: TestClient) -> None:
    assert client.get("/api/events").status_code == 401
    assert client.get("/api/events", headers=AUTH).status_code == 200
    assert client.get("/").status_code == 200  # the page itself, which asks for the token


def test_without_a_token_the_api_is_read_only(tmp_path: Path) -> None:
    copy = Path(build_sample_store(tmp_path / "copy.duckdb"))
    with TestClient(create_app(copy), raise_server_exceptions=False) as c:
        assert c.app.state.legation.store.read_only  # type: ignore[attr-defined]
        for method, path, body in WRITES:
            response = c.request(method, path, json=body)
            assert response.status_code == 405, path
            assert "--token" in response.json()["error"]
            assert response.headers["allow"] == "GET, HEAD"
        paths = c.get("/openapi.json").json()["paths"]
        assert "/api/documents" not in paths and "/api/kb/people" not in paths
    with pytest.raises(ConfigError, match="needs a token"):
        create_app(copy, writable=True)


def test_openapi_lists_the_writes_and_the_bearer_scheme(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"post"} <= set(schema["paths"]["/api/documents"])
    assert {"delete"} <= set(schema["paths"]["/api/merges/{event_id}"])
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    body = schema["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    assert len(body["application/json"]["schema"]["anyOf"]) == 2  # one document or a list


def test_the_store_is_held_for_writing(client: TestClient, db: Path) -> None:
    assert not client.app.state.legation.store.read_only  # type: ignore[attr-defined]
    script = textwrap.dedent(
        f"""
        from legation.errors import StoreBusyError
        from legation.store import Store
        try:
            Store({str(db)!r}, read_only=True)
        except StoreBusyError as exc:
            print("BUSY:", exc)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.startswith("BUSY: the store")


# --------------------------------------------------------------------------- bad bodies


@pytest.mark.parametrize(
    ("path", "body", "parameter"),
    [
        ("/api/documents", {"title": "no text"}, "body[0].text"),
        ("/api/documents", {"text": ""}, "body[0].text"),
        ("/api/documents", [], "body"),
        ("/api/documents", [{"text": "x"}] * 101, "body"),
        ("/api/documents", 42, "body"),
        ("/api/documents", {"text": "x", "sql": "DROP TABLE events"}, "body[0].sql"),
        ("/api/documents", {"text": "x", "url": "javascript:alert(1)"}, "body[0].url"),
        ("/api/documents", {"text": "x", "published": "yesterday"}, "body[0].published"),
        ("/api/documents", {"text": "a\x00b"}, "body[0].text"),
        ("/api/documents", {"text": "x", "title": "two\nlines"}, "body[0].title"),
        ("/api/documents", [{"text": "x"}, {"text": 7}], "body[1].text"),
        ("/api/merges", {"canonical": "x", "members": ["y"]}, "body.canonical"),
        ("/api/merges", {"canonical": "a" * 64, "members": []}, "body.members"),
        ("/api/merges", {"canonical": "a" * 64, "members": ["b" * 64] * 51}, "body.members"),
        ("/api/kb/aliases", {"id": "antony_blinken", "alias": "x\ty"}, "body.alias"),
        ("/api/kb/aliases", {"id": "antony_blinken", "alias": "1234"}, "body.alias"),
        ("/api/kb/aliases", {"id": "../etc", "alias": "Tony"}, "body.id"),
        ("/api/kb/aliases", {"section": "offices", "id": "PAK.fm", "alias": "FM"}, "body.section"),
        ("/api/kb/people", {"id": "Zed", "name": "Zed", "country": "PAK"}, "body.id"),
        ("/api/kb/people", {"id": "zed", "name": "Zed", "country": "Pakistan"}, "body.country"),
        ("/api/kb/people", {"id": "zed", "name": "Zed", "country": "PAK", "sector": "X"}, "sector"),
        (
            "/api/kb/people",
            {
                "id": "zed",
                "name": "Zed",
                "country": "PAK",
                "positions": [{"office": "PAK.fm", "start": "2024-02-01", "end": "2024-01-01"}],
            },
            "body.positions[0]",
        ),
    ],
)
def test_malformed_bodies_get_422_naming_the_field(
    client: TestClient, path: str, body: Any, parameter: str
) -> None:
    before = counts(client)
    answer = post(client, path, body, 422)
    assert parameter in answer["error"] and set(answer) == {"error", "details"}
    assert "Traceback" not in str(answer)
    assert counts(client) == before


@pytest.mark.parametrize(
    "raw",
    [b'{"text": ', b"text=hello", b'{"text": "\\ud800"}', b"\xff\xfe", b"[" * 5000],
    ids=["cut", "form", "surrogate", "not-utf8", "deep"],
)
def test_malformed_json_gets_a_4xx_with_a_message(client: TestClient, raw: bytes) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    response = client.post("/api/documents", content=raw, headers=headers)
    status, words = (400, "cannot read the body") if raw[:2] == b"[[" else (422, "invalid")
    assert response.status_code == status and words in response.json()["error"]


def test_oversized_bodies_get_413_unread(client: TestClient) -> None:
    too_big = b"x" * (MAX_BODY_BYTES + 1)
    response = client.post("/api/documents", content=too_big, headers=AUTH)
    assert response.status_code == 413 and str(MAX_BODY_BYTES) in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"x" * 100_000

    response = client.post("/api/documents", content=chunks(), headers=AUTH)
    assert response.status_code == 413
    unauthorised = client.post("/api/documents", content=too_big)
    assert unauthorised.status_code == 401  # refused before the body is read
    get_with_body = client.request("GET", "/api/health", content=b"x", headers=AUTH)
    assert get_with_body.status_code == 413


def test_unknown_write_paths_and_methods(client: TestClient) -> None:
    assert send(client, "POST", "/api/nowhere", {}).status_code == 404
    wrong = send(client, "PUT", "/api/documents", {"text": "x"})
    assert wrong.status_code == 405 and wrong.json() == {"error": "Method Not Allowed"}


# --------------------------------------------------------------------------- ingest


@pytest.mark.slow
def test_ingest_codes_stores_and_is_idempotent(client: TestClient) -> None:
    before = counts(client)
    first = post(client, "/api/documents", {"text": MEETING, "id": "reuters-1", "title": "T"})
    assert first["stored"] == 1 and first["events"] >= 1
    row = first["documents"][0]
    assert row["status"] == "stored" and row["name"] == "reuters-1" and len(row["id"]) == 64
    after = counts(client)
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + first["events"] - first["merged"]
    again = post(client, "/api/documents", [{"text": MEETING}, {"text": MEETING + "\n"}])
    assert again["message"] == "nothing new: every document was in the store already"
    assert [d["status"] for d in again["documents"]] == ["already_stored", "duplicate"]
    assert {d["id"] for d in again["documents"]} == {row["id"]}
    assert counts(client) == after
    names = [post(client, "/api/documents", {"text": f"{MEETING} Take {n}."}) for n in (1, 2)]
    first_name, second_name = (r["documents"][0]["name"] for r in names)
    assert first_name.startswith("api@") and first_name.endswith("#1")
    assert first_name != second_name  # named after their request, not "api#1" twice


@pytest.mark.slow
def test_bad_documents_come_back_as_failures(client: TestClient) -> None:
    french = (
        "Le ministre des affaires étrangères a rencontré son homologue à Paris pour discuter "
        "de la situation dans la région et des relations entre les deux pays."
    )
    before = counts(client)
    answer = post(client, "/api/documents", [{"text": "   \n "}, {"text": french}])
    assert [d["status"] for d in answer["documents"]] == ["failed", "failed"]
    assert "no text" in answer["documents"][0]["reason"]
    assert "non-English" in answer["documents"][1]["reason"]
    assert answer["failed"] == 2
    after = counts(client)  # recorded as failures, as `legation code` records them
    assert {k: v for k, v in after.items() if k != "failures"} == {
        k: v for k, v in before.items() if k != "failures"
    }
    assert after.get("failures", 0) >= before.get("failures", 0) + 2


@pytest.mark.slow
@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_bodies_are_stored_inert(client: TestClient, value: str) -> None:
    text = f"{MEETING} The statement quoted {value} at length."
    body = {"text": text, "id": value, "title": value, "outlet": value}
    answer = post(client, "/api/documents", body, dedup="false")  # keep its event apart
    assert answer["stored"] == 1
    params = {"q": "Asim Munir met", "all": "true", "limit": 500}
    found = client.get("/api/events", params=params, headers=AUTH).json()
    mine = [e for e in found["events"] if e["doc_name"] == value]
    assert mine and mine[0]["title"] == value and mine[0]["outlet"] == value
    assert counts(client)["events"] >= 16  # the tables are all there


# --------------------------------------------------------------------------- merges


def _all_events(client: TestClient) -> dict[str, int]:
    records = client.get("/api/export", params={"format": "json", "all": "true"}, headers=AUTH)
    return {r["id"]: r["sources"] for r in records.json()}


def _free_events(client: TestClient, n: int) -> list[str]:
    """Events in no merge (ingest may have merged some of the sample's)."""
    merges = client.get("/api/merges", headers=AUTH).json()["merges"]
    taken = {m["canonical_id"] for m in merges} | {m["event_id"] for m in merges}
    return [i for i, sources in _all_events(client).items() if i not in taken][:n]


def test_merge_then_unmerge_restores_the_rows(client: TestClient) -> None:
    canonical, member = _free_events(client, 2)
    before, rows = counts(client), _all_events(client)
    merged = post(client, "/api/merges", {"canonical": canonical, "members": [member]}, 201)
    assert merged == {"canonical": canonical, "absorbed": [member], "sources": 2}
    assert counts(client)["events"] == before["events"] - 1
    listed = client.get("/api/merges", headers=AUTH).json()["merges"]
    mine = next(m for m in listed if m["event_id"] == member)
    assert mine["canonical_id"] == canonical and mine["rule"] == "manual.v1"
    card = client.get(f"/api/events/{canonical}", headers=AUTH).json()
    assert card["event"]["sources"] == 2

    again = post(client, "/api/merges", {"canonical": member, "members": [canonical]}, 400)
    assert "merged into" in again["error"]
    undone = send(client, "DELETE", f"/api/merges/{canonical}").json()
    assert undone == {"restored": [member]}
    assert counts(client) == before and _all_events(client) == rows
    gone = send(client, "DELETE", f"/api/merges/{canonical}")
    assert gone.status_code == 404 and "not part of a merge" in gone.json()["error"]


def test_merges_refuse_unknown_repeated_and_nested_events(client: TestClient) -> None:
    canonical, member, third = _free_events(client, 3)
    before = counts(client)
    unknown = post(client, "/api/merges", {"canonical": canonical, "members": ["f" * 64]}, 404)
    assert unknown["error"] == f"no such event {'f' * 64}"
    twice = post(client, "/api/merges", {"canonical": canonical, "members": [canonical]}, 400)
    assert "twice" in twice["error"]
    post(client, "/api/merges", {"canonical": canonical, "members": [member]}, 201)
    nested = post(client, "/api/merges", {"canonical": third, "members": [canonical]}, 400)
    assert "has reports merged into it" in nested["error"]
    assert send(client, "DELETE", f"/api/merges/{member}").json() == {"restored": [member]}
    assert counts(client) == before


# --------------------------------------------------------------------------- actor edits


def test_actor_edits_are_validated_and_leave_the_file_alone_when_refused(
    client: TestClient, db: Path
) -> None:
    file = store_actor_file(db)
    added = post(client, "/api/kb/aliases", {"id": "lloyd_austin", "alias": "Secretary Austin"})
    assert added["added"] and added["file"] == file.name and "Secretary Austin" in added["aliases"]
    kept = file.read_bytes()
    for path, body, problem in [
        ("/api/kb/aliases", {"id": "lloyd_austen", "alias": "Gen Austin"}, "did you mean"),
        ("/api/kb/aliases", {"id": "lloyd_austin", "alias": "Asim Munir"}, "already names"),
        ("/api/kb/aliases", {"section": "countries", "id": "USA", "alias": "Pakistan"}, "names"),
        ("/api/kb/people", {"id": "asim_munir", "name": "Other", "country": "PAK"}, "exists"),
        ("/api/kb/people", {"id": "zed_two", "name": "Zed Two", "country": "XXX"}, "unknown"),
        (
            "/api/kb/people",
            {"id": "zed_three", "name": "Zed Three", "country": "PAK",
             "positions": [{"office": "PAK.fmx"}]},
            "Did you mean 'PAK.fm'",
        ),
    ]:  # fmt: skip
        answer = post(client, path, body, 400)
        assert problem in answer["error"] and str(file.parent) not in answer["error"]
    assert file.read_bytes() == kept
    same = post(client, "/api/kb/aliases", {"id": "lloyd_austin", "alias": "Secretary Austin"})
    assert same["added"] is False and file.read_bytes() == kept


def test_alias_text_is_data_not_yaml(client: TestClient, db: Path) -> None:
    alias = INJECTIONS[-1]
    post(client, "/api/kb/aliases", {"id": "lloyd_austin", "alias": alias})
    data = yaml.safe_load(store_actor_file(db).read_text("utf-8"))
    entry = next(p for p in data["people"] if p["id"] == "lloyd_austin")
    assert alias in entry["aliases"] and not Path("/tmp/legation-pwned").exists()


def _first_event(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    stored = post(client, "/api/documents", body)["documents"][0]
    assert stored["status"] == "stored" and stored["events"] >= 1
    page = client.get("/api/events", params={"q": body["text"][:40]}, headers=AUTH).json()
    event: dict[str, Any] = page["events"][0]
    return event


@pytest.mark.slow
def test_an_added_person_and_alias_resolve_in_later_coding(client: TestClient, db: Path) -> None:
    text = "Minister Khanum met Secretary Tony in Washington on {}."
    before = _first_event(client, {"text": text.format("Monday")})
    assert before["actors"][0]["entity_id"] is None and before["recipients"][0]["entity_id"] is None
    person = {
        "id": "zara_khanum",
        "name": "Zara Khanum",
        "country": "PAK",
        "sector": "GOV",
        "aliases": ["Minister Khanum"],
        "positions": [{"office": "PAK.amb_usa", "start": "2031-01-01"}],
    }
    added = post(client, "/api/kb/people", person, 201)
    assert added["person"]["positions"] == [{"office": "PAK.amb_usa", "start": "2031-01-01"}]
    post(client, "/api/kb/aliases", {"id": "antony_blinken", "alias": "Secretary Tony"})
    after = _first_event(client, {"text": text.format("Tuesday"), "published": "2023-12-14"})
    assert after["actors"][0]["entity_id"] == "person:zara_khanum"
    assert after["actors"][0]["code"] == "PAKGOV"
    assert after["recipients"][0]["entity_id"] == "person:antony_blinken"
    profile = client.get("/api/actors/zara_khanum", headers=AUTH)
    assert profile.status_code == 200  # reads use the edited knowledge base too
    # `legation code --db` and a restarted server read the store's actor file
    config = with_store_actors(Config.default(), db)
    assert config.actor_paths[-1] == store_actor_file(db)
    assert "zara_khanum" in load_knowledge_base(config.actor_paths).people


# --------------------------------------------------------------------------- failed writes


@pytest.mark.slow
def test_a_failed_write_changes_nothing(
    client: TestClient, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: Store = client.app.state.legation.store  # type: ignore[attr-defined]
    real = store._insert

    def fail_on_events(table: str, rows: list[dict[str, Any]], schema: Any) -> None:
        if table == "events":
            raise OSError("disk full")
        real(table, rows, schema)

    monkeypatch.setattr(store, "_insert", fail_on_events)
    before = counts(client)
    answer = post(client, "/api/documents", {"text": MEETING + " A second report."}, 400)
    assert "nothing from it was stored" in answer["error"] and "Traceback" not in answer["error"]
    assert counts(client) == before
    monkeypatch.undo()
    retried = post(client, "/api/documents", {"text": MEETING + " A second report."})
    assert retried["stored"] == 1


def test_the_store_reopens_after_the_writes(db: Path, client: TestClient) -> None:
    expected = counts(client)
    client.app.state.legation.store.close()  # type: ignore[attr-defined]
    with Store(db, read_only=True) as reopened:
        assert reopened.counts() == expected
    client.app.state.legation.store = Store(db)  # type: ignore[attr-defined]
