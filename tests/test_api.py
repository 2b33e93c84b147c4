"""The HTTP API in-process (FastAPI's TestClient over the ASGI app) on the sample store."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from legation.app.http import create_app
from legation.app.reads import MAX_PAGE
from legation.export import COLUMN_NAMES
from legation.store import Store
from tests.test_analysis import build_sample_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(build_sample_store(tmp_path_factory.mktemp("api") / "sample.duckdb"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False) as test_client:
        yield test_client


def get(client: TestClient, path: str, status: int = 200, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    return response.json()


# --------------------------------------------------------------------------- answers


def test_health_and_meta(client: TestClient) -> None:
    assert get(client, "/api/health")["counts"]["events"] == 16
    meta = get(client, "/api/meta")
    assert meta["first_date"] == "2021-10-08" and "CONSULT" in meta["event_types"]
    assert meta["quad_classes"]["4"] == "material conflict"


def test_dyad_endpoint(client: TestClient) -> None:
    series = get(client, "/api/dyad", a="PAK", b="USA", freq="month", by="type")
    assert series["total"] == 12 and series["undated"] == 0
    december = next(b for b in series["buckets"] if b["label"] == "2023-12")
    assert december["counts"]["CONSULT"] == 3 and december["start"] == "2023-12-01"
    quad = get(client, "/api/dyad", a="USA", b="PAK", directed="true", by="quad", freq="week")
    assert quad["directed"] is True and set(quad["categories"]) <= {"1", "2", "3", "4"}


def test_events_page_and_filters(client: TestClient) -> None:
    page = get(client, "/api/events", a="PAK", b="USA", limit=5)
    assert page["total"] == 12 and len(page["events"]) == 5
    first = page["events"][0]
    assert first["sentence"]["text"] and first["actors"][0]["code"] and first["outlet"]
    asks = get(client, "/api/events", type="REQUEST", q="billion")
    assert [e["amount"]["text"] for e in asks["events"]] == ["$1.2 billion"]
    two_types = get(client, "/api/events", type=["SANCTION", "ACCUSE"], all="true")
    assert two_types["total"] == 3  # the historical sanction is included with all=true
    oldest = get(client, "/api/events", order="oldest", limit=1)
    assert oldest["events"][0]["date"] == "2021-10-08"


def test_evidence_card(client: TestClient) -> None:
    page = get(client, "/api/events", a="asim_munir", b="antony_blinken", q="State Department")
    card = get(client, f"/api/events/{page['events'][0]['id']}")
    assert card["event"]["title"] == "Pakistan army chief in Washington"
    assert card["event"]["url"].startswith("https://potomac-dispatch.example/")
    assert {h["kind"] for h in card["highlights"]} == {"actor", "trigger", "recipient"}
    assert [o["outlet"] for o in card["other_reports"]] == ["Margalla Monitor"]
    assert get(client, f"/api/events/{'0' * 64}", 404) == {"error": "no such event"}


def test_trips_detail_and_compare(client: TestClient) -> None:
    trips = get(client, "/api/trips")["trips"]
    assert [t["traveller"]["name"] for t in trips][:2] == ["Syed Asim Munir"] * 2
    june, december = trips[0], trips[1]
    detail = get(client, f"/api/trips/{december['id']}")
    assert {c["actor"]["name"] for c in detail["counterparts"]} >= {
        "Antony Blinken",
        "Lloyd Austin",
    }
    assert detail["asks"][0]["sentence"].startswith("General Munir asked Washington")
    compared = get(client, "/api/trips/compare", first=december["id"], second=june["id"])
    assert "Donald Trump" in compared["only_second"]
    assert get(client, "/api/trips/0123456789abcdef", 404)["error"] == "no such trip"


def test_actors_and_offices(client: TestClient) -> None:
    assert get(client, "/api/actors", q="mun")["actors"][0]["key"] == "person:asim_munir"
    profile = get(client, "/api/actors/asim_munir")
    assert profile["roles"] and profile["as_actor"]["CONSULT"] == 6
    assert "is 'Nobody Here'" in get(client, "/api/actors/Nobody Here", 404)["error"]
    offices = get(client, "/api/offices", country="PAK")["offices"]
    assert "PAK.coas" in {o["id"] for o in offices}
    coas = get(client, "/api/offices/PAK.coas")
    assert any(h["name"] == "Syed Asim Munir" for h in coas["holders"])
    assert get(client, "/api/offices/XXX.none", 404)["error"] == "no such office"


def test_network(client: TestClient) -> None:
    net = get(client, "/api/network", level="country", since="2021-01-01", until="2025-12-31")
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert edges[("PAK", "USA")]["events"] == 8 and net["since"] == "2021-01-01"


# --------------------------------------------------------------------------- exports


def test_export_csv_json_parquet(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "csv", "a": "PAK", "b": "USA"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == COLUMN_NAMES and len(rows) == 13
    records = client.get("/api/export", params={"format": "json", "type": "REQUEST"}).json()
    assert len(records) == 3 and records[0]["sentence"]["text"]
    lines = client.get("/api/export", params={"format": "jsonl", "limit": 2}).text.splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["id"]
    parquet = client.get("/api/export", params={"format": "parquet"})
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pa.BufferReader(parquet.content))
    assert table.num_rows == 14 and table.column_names == list(COLUMN_NAMES)


# --------------------------------------------------------------------------- naming sides


def test_a_side_named_any_way_gives_the_same_answer(client: TestClient) -> None:
    forms = [("pak", "usa"), ("Pakistan", "United States"), ("PAK", "USA")]
    totals = {get(client, "/api/events", a=a, b=b)["total"] for a, b in forms}
    assert totals == {12}
    page = get(client, "/api/events", a="pakistan", b="the united states")
    assert page["sides"]["a"] == {
        "query": "pakistan",
        "key": "PAK",
        "kind": "country",
        "name": "Pakistan",
        "country": "PAK",
        "description": "country PAK: every actor of Pakistan",
        "role": None,
    }
    assert page["sides"]["b"]["key"] == "USA"
    series = get(client, "/api/dyad", a="munir", b="blinken")
    assert series["total"] == 2 and series["a"] == "person:asim_munir"
    assert series["sides"]["b"]["name"] == "Antony Blinken"
    csv_rows = client.get("/api/export", params={"a": "pak", "b": "usa"}).text.splitlines()
    assert len(csv_rows) == 13


def test_an_office_as_a_side(client: TestClient) -> None:
    page = get(client, "/api/events", a="Secretary of State")
    assert page["sides"]["a"]["key"] == "office:USA.secstate"
    names = {r["name"] for e in page["events"] for r in e["recipients"]}
    assert names == {"Antony Blinken", "Marco Rubio"}


def test_unknown_and_ambiguous_sides_are_400_with_what_to_do(client: TestClient) -> None:
    unknown = get(client, "/api/dyad", 400, a="Pakistn")
    assert "did you mean Pakistan (PAK)" in unknown["error"]
    ambiguous = get(client, "/api/events", 400, a="Prime Minister")
    assert re.search(r"names \d+ entities", ambiguous["error"])
    assert {"office:PAK.pm", "office:IND.pm"} <= {c["key"] for c in ambiguous["candidates"]}
    assert get(client, "/api/sides", q="igouno")["name"] == "United Nations"
    assert get(client, "/api/sides", q="Munir")["key"] == "person:asim_munir"
    assert "candidates" in get(client, "/api/sides", 400, q="army chief")


# --------------------------------------------------------------------------- periods, counts


def test_dyad_per_quarter_and_year_with_gaps_and_what_is_left_out(client: TestClient) -> None:
    quarters = get(client, "/api/dyad", a="PAK", b="USA", freq="quarter")
    by_label = {b["label"]: b for b in quarters["buckets"]}
    assert by_label["2023-Q4"]["end"] == "2023-12-31" and by_label["2023-Q4"]["total"] == 5
    assert by_label["2022-Q2"]["total"] == 0 and by_label["2022-Q2"]["mean_score"] is None
    assert quarters["noncurrent"] == 2 and quarters["undated"] == 0
    years = get(client, "/api/dyad", a="PAK", b="USA", freq="year")
    assert years["buckets"][0]["label"] == "2021" and years["total"] == 12


def test_events_count_what_the_filters_leave_out(client: TestClient) -> None:
    page = get(client, "/api/events", a="PAK", b="USA", limit=5)
    assert (page["total"], page["noncurrent"], page["low_confidence"]) == (12, 2, 0)
    strict = get(client, "/api/events", a="PAK", b="USA", min_confidence=0.95)
    assert (strict["total"], strict["low_confidence"]) == (0, 12)
    assert get(client, "/api/events", min_confidence=0.5)["total"] == 14
    assert get(client, "/api/events", 422, min_confidence=1.5)["error"].startswith(
        "invalid parameter 'min_confidence'"
    )
    assert get(client, "/api/events", flag="historical")["total"] == 1
    assert "flag" in get(client, "/api/events", 422, flag="imagined")["error"]
    potomac = get(client, "/api/events", outlet="Potomac Dispatch")
    assert potomac["total"] == 3
    assert {e["outlet"] for e in potomac["events"]} == {"Potomac Dispatch"}


@pytest.fixture(scope="module")
def messy_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The sample store with an undated document and a failed file."""
    from legation.model import Failure, PloverType
    from tests.test_analysis import PAKISTAN, USA, Said, _doc, sample_documents

    undated = _doc(
        "undated.txt",
        "Nowhere Post",
        None,
        "No date at all",
        [
            Said(
                "Pakistan asked Washington for help.",
                PloverType.REQUEST,
                (PAKISTAN,),
                (USA,),
                "asked",
            )
        ],
    )
    path = tmp_path_factory.mktemp("messy") / "messy.duckdb"
    with Store(path) as store:
        store.write_batch([*sample_documents(), undated], [Failure("notes.pdf", "ingest", "x")])
    with TestClient(create_app(path), raise_server_exceptions=False) as test_client:
        yield test_client


def test_overview_says_what_is_in_the_store(messy_client: TestClient) -> None:
    seen = get(messy_client, "/api/overview")
    totals = seen["totals"]
    assert seen["documents"] == 8 and seen["failures"] == 1
    assert seen["failure_list"][0]["source"] == "notes.pdf"
    assert totals["reports"] == totals["merged"] + totals["events"]
    assert totals["events"] == totals["current"] + totals["noncurrent"]
    assert totals["undated"] == 1 and sum(seen["by_type"].values()) == totals["current"]
    assert seen["first_published"] == "2021-10-08" and seen["default_dyad"] == ["PAK", "USA"]
    assert {o["outlet"] for o in seen["outlets"]} >= {"Margalla Monitor", "Nowhere Post"}
    assert seen["top_dyads"][0] == {"actor": "PAK", "recipient": "USA", "events": 9}
    undated = get(messy_client, "/api/events", undated="true")
    assert undated["total"] == 1 and undated["events"][0]["published"] is None
    assert get(messy_client, "/api/dyad", a="PAK", b="USA")["undated"] == 1
    assert get(messy_client, "/api/failures")["failures"][0]["reason"] == "x"


def test_meta_opens_on_the_most_active_dyad(client: TestClient) -> None:
    assert get(client, "/api/meta")["default_dyad"] == ["PAK", "USA"]


def test_counterparts_small_multiples(client: TestClient) -> None:
    panel = get(client, "/api/counterparts", a="pak", freq="year", top=3)
    assert panel["sides"]["a"]["key"] == "PAK" and panel["level"] == "country"
    assert panel["lines"][0]["key"] == "USA" and panel["lines"][0]["name"] == "United States"
    assert all(len(line["counts"]) == len(panel["labels"]) for line in panel["lines"])
    people = get(client, "/api/counterparts", a="Munir", freq="month", top=2)
    assert people["level"] == "entity" and people["lines"][0]["name"] == "Antony Blinken"


def test_trips_of_a_traveller_named_any_way(client: TestClient) -> None:
    by_id = get(client, "/api/trips", actor="asim_munir")["trips"]
    assert [t["id"] for t in get(client, "/api/trips", actor="munir")["trips"]] == [
        t["id"] for t in by_id
    ]
    office = get(client, "/api/trips", actor="pak.coas")["trips"]  # whoever held the office
    assert [t["id"] for t in office] == [t["id"] for t in by_id] and len(by_id) == 2
    assert "candidates" in get(client, "/api/trips", 400, actor="army chief")


def test_actors_list_before_searching_and_profiles_by_any_name(client: TestClient) -> None:
    listed = get(client, "/api/actors")["actors"]
    assert listed[0]["key"] == "person:asim_munir" and all(a["events"] for a in listed)
    assert get(client, "/api/actors/Munir")["key"] == "person:asim_munir"
    country = get(client, "/api/actors/pak", 404)["error"]
    assert "country PAK" in country and "/api/dyad?a=pak" in country


def test_network_nodes_carry_their_level(client: TestClient) -> None:
    nodes = {n["id"]: n for n in get(client, "/api/network", level="code")["nodes"]}
    assert nodes["PAKMIL"]["parent"] == "PAK" and nodes["PAKMIL"]["country"] == "PAK"


# --------------------------------------------------------------------------- docs and pages


def test_openapi_describes_every_endpoint_and_parameter(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    assert "Sides" in schema["info"]["description"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            words = (operation.get("description") or "").split()
            assert len(words) >= 8, f"{method.upper()} {path} has no real description"
            assert len(operation["summary"].split()) >= 3, f"{path}: a one-word summary"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{path}: {parameter['name']} undescribed"


def test_openapi_and_offline_docs(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    assert "/api/dyad" in schema["paths"] and "/api/export" in schema["paths"]
    params = {p["name"]: p for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == MAX_PAGE
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.replace("http-equiv", "")  # no CDN
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_pages_and_static_assets(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "/static/app.js" in index.text
    assert "default-src 'self'" in index.headers["content-security-policy"]
    pages = ("app.js", "overview.js", "dyad.js", "events.js", "trips.js", "people.js")
    for asset in (*pages, "network.js", "table.js", "multiples.js", "app.css"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200
        assert "https://" not in response.text and "//cdn" not in response.text


# --------------------------------------------------------------------------- hostile input

INJECTIONS = [
    "' OR 1=1 --",
    "PAK'); DROP TABLE events; --",
    "%' UNION SELECT * FROM documents --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "PAK\x00USA",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_are_rejected_or_inert(client: TestClient, value: str) -> None:
    for path, name in (("/api/events", "a"), ("/api/dyad", "a"), ("/api/trips", "actor")):
        response = client.get(path, params={name: value})
        assert response.status_code == 422 and "error" in response.json()
    text_search = get(client, "/api/events", q=value, actor=value)
    assert text_search["total"] == 0
    assert client.get(f"/api/actors/{quote(value, safe='')}").status_code in (404, 422)
    assert get(client, "/api/health")["counts"]["events"] == 16


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": MAX_PAGE + 1}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"since": "2023-13-45"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "1700000000"}, "since"),  # not a Unix time (schemathesis found this one)
        ({"until": "2023-1-5"}, "until"),
        ({"type": "DANCE"}, "type"),
        ({"quad": 7}, "quad"),
        ({"directed": "perhaps"}, "directed"),
        ({"q": "x" * 201}, "q"),
        ({"a": "A" * 81}, "a"),
    ],
)
def test_malformed_parameters_get_422_with_a_message(
    client: TestClient, params: dict[str, Any], parameter: str
) -> None:
    body = get(client, "/api/events", 422, **params)
    assert parameter in body["error"] and "Traceback" not in json.dumps(body)
    assert set(body) == {"error", "details"}


def test_other_malformed_parameters(client: TestClient) -> None:
    assert "freq" in get(client, "/api/dyad", 422, a="PAK", freq="daily")["error"]
    assert "a" in get(client, "/api/dyad", 422)["error"]  # required
    assert "format" in get(client, "/api/export", 422, format="xlsx")["error"]
    assert "limit" in get(client, "/api/export", 422, limit=10**9)["error"]
    assert "first" in get(client, "/api/trips/compare", 422, first="x", second="y")["error"]
    assert get(client, "/api/events/not-an-id", 422)["error"]
    assert "level" in get(client, "/api/network", 422, level="galaxy")["error"]


def test_oversized_requests_are_refused(client: TestClient) -> None:
    response = client.get("/api/events", params={"q": "x" * 9000})
    assert response.status_code == 414 and "query string" in response.json()["error"]
    # the longest valid query (bounded parameters at their maximum) is answered
    widest = "\U0001f600" * 200
    params = {"q": widest, "actor": widest[:80], "a": "A" * 80, "b": "B" * 80}
    response = client.get("/api/events", params=params)
    assert response.status_code != 414
    response = client.request("GET", "/api/events", content=b"x" * 10)
    assert response.status_code == 413


def test_read_only_no_write_methods(client: TestClient) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = client.request(method, "/api/events")
        assert response.status_code == 405 and "read-only" in response.json()["error"]
        assert "--token" in response.json()["error"]  # says how to enable writes
    writes = [
        (path, method)
        for path, item in get(client, "/openapi.json")["paths"].items()
        for method in item
        if method != "get"
    ]
    assert writes == []


def test_unknown_paths_and_internal_errors_answer_json(db: Path) -> None:
    app = create_app(db)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail /home/user/path")

    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/api/nowhere").json() == {"error": "Not Found"}
        response = c.get("/api/boom")
        assert response.status_code == 500
        assert response.json() == {"error": "internal error; the server log has the details"}


def test_token_guards_the_api(db: Path) -> None:
    # writable=False (`serve --read-only`): a token that guards reads only, so the store stays
    # read-only and shareable (the write-enabled API is tested in tests/test_api_write.py)
    app = create_app(db, token="s3cret", writable=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/api/health").status_code == 401
        bad = {"Authorization": "Bearer nope"}
        assert c.get("/api/health", headers=bad).status_code == 401
        good = {"Authorization": "Bearer s3cret"}
        assert c.get("/api/health", headers=good).status_code == 200
        assert c.get("/").status_code == 200  # the page itself is static
        refused = c.post("/api/documents", headers=good, json={"text": "x"})
        assert refused.status_code == 405 and "--read-only" in refused.json()["error"]


def test_concurrent_requests_are_all_answered(db: Path) -> None:
    """Forty requests at once in-process (before the store's cursor pool, two at once could
    hit "connection is busy" and get a 500)."""
    import asyncio

    import httpx

    app = create_app(db)
    paths = ["/api/health", "/api/meta", "/api/events", "/api/network", "/api/trips"] * 8

    async def fetch_all() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return [r.status_code for r in await asyncio.gather(*(c.get(p) for p in paths))]

    try:
        assert asyncio.run(fetch_all()) == [200] * len(paths)
    finally:
        app.state.legation.store.close()


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 (a free port) in a thread; yields its URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):  # up to a minute on a busy machine
        if server.started:
            break
        time.sleep(0.1)
    assert server.started, "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


class Rendezvous:
    """Makes the first ``parties`` reads of a store wait, each holding its cursor, until all
    of them hold one: they can only all get there if reads run in parallel. A party that
    waits 60 s in vain breaks the rendezvous (and its request fails): a deadlock bound, not
    a timing."""

    def __init__(self, store: Store, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=60)
        self.waiting = parties
        self.lock = threading.Lock()
        self.reading = store.reading

    @contextmanager
    def __call__(self) -> Iterator[Any]:
        with self.reading() as cursor:
            with self.lock:
                meet, self.waiting = self.waiting > 0, self.waiting - 1
            if meet:
                self.barrier.wait()
            yield cursor


READS = [
    "/api/health",
    "/api/meta",
    "/api/dyad?a=PAK&b=USA",
    "/api/dyad?a=PAK&b=USA&freq=week&by=quad",
    "/api/events?a=PAK&b=USA&limit=5",
    "/api/network?level=country",
    "/api/trips",
    "/api/actors?q=mun",
    "/api/actors/asim_munir",
    "/api/merges",
]


def test_many_clients_are_answered_in_parallel_over_http(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 clients, 10 reads each, over a real socket (loopback): every answer is the one a
    single client gets, and reads hold store cursors at the same time."""
    import httpx

    app = create_app(db, cache_bytes=0)  # every read goes to the store
    store: Store = app.state.legation.store
    monkeypatch.setattr(store, "reading", Rendezvous(store, parties=4))
    with live_server(app) as base:
        with httpx.Client(base_url=base, timeout=120) as single:
            met: list[int] = []  # the four rendezvous parties' statuses
            started = [
                threading.Thread(target=lambda p=path: met.append(single.get(p).status_code))
                for path in READS[:4]
            ]
            for thread in started:
                thread.start()
            for thread in started:
                thread.join()
            assert met == [200] * 4
            expected = {path: single.get(path).content for path in READS}
        answers = _load(base, clients=20, requests=10)
    assert len(answers) == 200
    assert all(status == 200 for _, status, _ in answers), answers[:3]
    assert all(body == expected[path] for path, _, body in answers)


def _load(base: str, clients: int, requests: int) -> list[tuple[str, int, bytes]]:
    import httpx

    answers: list[tuple[str, int, bytes]] = []
    lock = threading.Lock()

    def client(first: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as c:
            for i in range(requests):
                path = READS[(first + i) % len(READS)]
                response = c.get(path)
                with lock:
                    answers.append((path, response.status_code, response.content))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_a_write_goes_through_while_reads_hold_cursors(db: Path, tmp_path: Path) -> None:
    """A merge is committed while two readers hold store cursors; they are answered, and
    the next read (cached answers included) shows the merge."""
    import shutil

    import httpx

    # a copy: a read-only app of an earlier test may still hold the shared file open, and
    # DuckDB opens one file in one process with one configuration only
    db = Path(shutil.copy(db, tmp_path / "writable.duckdb"))
    token = "parallel-token"
    auth = {"Authorization": f"Bearer {token}"}
    app = create_app(db, token=token)
    store: Store = app.state.legation.store
    holding, release = threading.Barrier(3, timeout=60), threading.Event()
    reading, to_hold, lock = store.reading, [1, 1], threading.Lock()  # hold the next two reads

    @contextmanager
    def held() -> Iterator[Any]:
        with reading() as cursor:
            with lock:
                hold = bool(to_hold and to_hold.pop())
            if hold:
                holding.wait()
                release.wait(60)
            yield cursor

    with live_server(app) as base, httpx.Client(base_url=base, timeout=120, headers=auth) as c:
        before = c.get("/api/health").json()["counts"]["events"]
        ids = [e["id"] for e in c.get("/api/events", params={"limit": 50}).json()["events"]]
        store.reading = held  # type: ignore[method-assign]
        results: list[int] = []
        readers = [
            threading.Thread(target=lambda p=path: results.append(c.get(p).status_code))
            for path in ("/api/network", "/api/network?level=country")
        ]
        for thread in readers:
            thread.start()
        holding.wait()  # both readers hold a cursor now
        merged = c.post("/api/merges", json={"canonical": ids[0], "members": [ids[1]]})
        release.set()
        for thread in readers:
            thread.join()
        store.reading = reading  # type: ignore[method-assign]
        assert merged.status_code == 201, merged.text
        assert results == [200, 200]
        assert c.get("/api/health").json()["counts"]["events"] == before - 1
        assert c.delete(f"/api/merges/{ids[0]}").status_code == 200
        assert c.get("/api/health").json()["counts"]["events"] == before


def test_store_is_opened_read_only(db: Path) -> None:
    app = create_app(db)
    store: Store = app.state.legation.store
    assert store.read_only
    store.close()
