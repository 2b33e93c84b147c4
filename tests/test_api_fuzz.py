"""Property-based tests of the HTTP API: schemathesis generates requests from the app's own
OpenAPI schema, valid and invalid ones, for every read and write endpoint, and sends them to
the write-enabled app in-process (with the token). The properties: no 5xx, every answer
conforms to the schema (status code, content type, body), errors are ``{"error": ...}`` JSON
without a stack trace, and a request that breaks the schema is refused with a 4xx."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from legation.app.http import create_app
from tests.test_analysis import build_sample_store

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: Generated cases per operation and mode; the file runs in well under a minute on 2 cores.
#: LEGATION_FUZZ_EXAMPLES=500 LEGATION_FUZZ_COVERAGE=1 makes a deeper run.
EXAMPLES = int(os.environ.get("LEGATION_FUZZ_EXAMPLES", "25"))
COVERAGE = os.environ.get("LEGATION_FUZZ_COVERAGE") == "1"
CONFIG = schemathesis.Config.from_dict(
    {
        # the export and event endpoints take many filters: on a loaded 2-core machine
        # generating their requests can trip Hypothesis's timing check, which says nothing
        # about the API
        "suppress-health-check": ["too_slow"],
        "generation": {
            "max-examples": EXAMPLES,
            "mode": "all",
            "with-security-parameters": False,  # the token is sent with every case
        },
        "phases": {"coverage": {"enabled": COVERAGE}},
    }
)


@schemathesis.check
def json_error_without_traceback(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx answer is ``{"error": "..."}`` JSON and shows no stack trace."""
    if response.status_code < 400:
        return None
    body = json.loads(response.content)
    assert isinstance(body, dict) and isinstance(body.get("error"), str), body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return None


@schemathesis.check
def refuses_schema_breaking_query(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's ``negative_data_rejection``, less the cases a query string cannot carry:
    a null or object "invalid" value is sent as no parameter, or as ``key=value`` pairs that
    spell a valid one (``b={"b": "x"}`` goes out as ``b=x``), so the request that reaches the
    app breaks nothing. Schemathesis skips most such cases itself, not all of them. A query
    string over the app's length limit is refused with 414, which schemathesis does not list
    among the refusals it expects."""
    if any(value is None or isinstance(value, dict) for value in (case.query or {}).values()):
        return None
    if response.status_code == 414:
        return None  # a generated query over the app's 8 KiB limit: refused, as too long
    return negative_data_rejection(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    refuses_schema_breaking_query,
    json_error_without_traceback,
]


def _schema() -> Any:
    """The schema, read at collection from an app over a throwaway store (it does not depend
    on the store; ``schemathesis.pytest.from_fixture`` does not work with pytest 9)."""
    with tempfile.TemporaryDirectory(prefix="legation-fuzz-") as folder:
        app = create_app(Path(folder) / "schema.duckdb", token=TOKEN)
        try:
            return schemathesis.openapi.from_dict(app.openapi(), config=CONFIG)
        finally:
            app.state.legation.store.close()


schema = _schema()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ASGIApp]:
    """The write-enabled app, one for all operations. Schemathesis ends an app's lifespan
    after each operation (which would close the store), so the app is served without it."""
    db = Path(build_sample_store(tmp_path_factory.mktemp("fuzz") / "sample.duckdb"))
    api = create_app(db, token=TOKEN)

    async def without_lifespan(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            raise RuntimeError("no lifespan")  # refused before any message: not supported
        await api(scope, receive, send)

    yield without_lifespan
    api.state.legation.store.close()


@schema.parametrize()
def test_api_holds_its_contract(case: Any, app: ASGIApp) -> None:
    case.call_and_validate(headers=AUTH, checks=CHECKS, app=app)
