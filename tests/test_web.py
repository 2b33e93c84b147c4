"""End-to-end: the web app in headless Chromium (Debian's, driven by Playwright) over the demo.

A session fixture codes the demo corpus into a temporary store (``legation demo``), serves it
with uvicorn on a free local port, and each test clicks through one page, asserts what it
shows, and saves a screenshot (to a temporary folder; with ``LEGATION_SCREENSHOTS=docs/screenshots``
to refresh the pictures in docs/web.md). Every
request the browser makes must go to the local server: the app works offline.

Needs /usr/bin/chromium (``apt-get install chromium``) and the ``playwright`` package; the
browser Playwright would download is never used. Run: ``pytest -m browser tests/test_web.py``.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(
    os.environ.get("LEGATION_SCREENSHOTS") or Path(tempfile.gettempdir()) / "legation-screenshots"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus coded into a fresh store, as a new user gets it from `legation demo`."""
    from click.testing import CliRunner

    from legation.cli import main

    db = tmp_path_factory.mktemp("web") / "demo.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def base_url(demo_db: Path) -> Iterator[str]:
    import uvicorn

    from legation.api import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=base_url)
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert outside == [], f"requests left the local server: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def shot(page: Page, name: str, *, full: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


def ready(page: Page) -> None:
    page.locator("body[data-ready]").wait_for(state="attached")


# --------------------------------------------------------------------------- the question


def test_three_clicks_whom_the_army_chief_met_and_what_he_asked(page: Page) -> None:
    """Open the app; Trips (1); the army chief's last visit (2); a meeting's evidence (3)."""
    from playwright.sync_api import expect

    page.goto("/")
    ready(page)
    page.get_by_role("link", name="Trips").click()  # 1
    rows = page.locator("tr.trip-row", has_text="Chief of Army Staff")
    expect(rows.first).to_be_visible()
    rows.first.locator("a.trip-link").click()  # 2
    detail = page.locator(".trip-detail")
    expect(detail.locator("h1")).to_contain_text("Syed Asim Munir")
    expect(detail.locator("ul.met")).to_contain_text("Donald Trump")
    expect(detail.get_by_role("heading", name="Asked for")).to_be_visible()
    shot(page, "trip", full=True)
    detail.locator("ul.met a").first.click()  # 3
    card = page.locator("dialog#evidence[open] .card")
    expect(card.locator(".evidence-sentence mark.hl-actor")).to_be_visible()
    expect(card).to_contain_text("Trump")
    assert "ev=" in page.url


def test_trips_compare_the_army_chiefs_two_visits(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/trips?actor=asim_munir")
    rows = page.locator("tr.trip-row")
    expect(rows).to_have_count(2)
    december = rows.filter(has_text="2023-12")
    expect(december).to_contain_text("Antony Blinken")
    december.locator("a.trip-link").click()
    expect(page.locator("ul.asks")).to_contain_text("asked Washington")
    page.go_back()
    rows.nth(0).locator("input[type=checkbox]").check()
    expect(page.locator("tr.trip-row input:checked")).to_have_count(1)
    rows.nth(1).locator("input[type=checkbox]").check()
    page.locator("a#compare").click()
    expect(page.locator(".side-by-side article")).to_have_count(2)
    expect(page.locator(".overlap")).to_contain_text("Antony Blinken")
    shot(page, "trips-compare", full=True)


# --------------------------------------------------------------------------- dyad


def test_dyad_timeline_period_filter_and_evidence_card(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    ready(page)
    expect(page.locator("figcaption")).to_contain_text("PAK ↔ USA")
    bars = page.locator("svg.chart g.bar")
    assert bars.count() > 12
    shot(page, "dyad")
    total = page.locator(".table-head .count").inner_text()
    page.locator('svg.chart g.bar[data-period="2023-12"] rect.hit').click()
    expect(page.locator(".chip")).to_contain_text("2023-12-01")
    expect(page.locator(".table-head .count")).not_to_have_text(total)
    assert "period=2023-12-01" in page.url
    expect(page.locator("table.events tbody tr").first).to_contain_text("2023-12")
    recipient = page.locator("td:nth-child(4)", has_text="Blinken")  # met Blinken himself
    page.locator("table.events tbody tr").filter(has=recipient).first.click()
    card = page.locator("dialog#evidence[open] .card")
    for kind in ("actor", "trigger", "recipient"):
        expect(card.locator(f".evidence-sentence mark.hl-{kind}")).to_be_visible()
    expect(card.locator(".doc-title")).not_to_be_empty()
    expect(card.locator(".rule")).to_contain_text("hybrid.v1")  # the coder says who coded it
    expect(card.locator("ul.reports li").first).to_be_visible()  # three outlets, one visit
    shot(page, "evidence")
    card.locator("button.close").click()
    expect(page.locator("dialog#evidence")).not_to_have_attribute("open", "")


def test_dyad_filters_toggle_and_exports_live_in_the_url(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/dyad?a=PAK&b=USA&by=quad&freq=week")
    ready(page)
    expect(page.locator(".legend-list")).to_contain_text("verbal cooperation")
    current = page.locator(".table-head .count").inner_text()
    page.locator("input[name=all]").check()
    expect(page.locator(".table-head .count")).not_to_have_text(current)
    page.locator("select[name=type]").select_option("REQUEST")
    expect(page.locator("table.events tbody tr").first).to_contain_text("REQUEST")
    assert "type=REQUEST" in page.url and "all=1" in page.url
    href = page.locator(".exports a", has_text="CSV").get_attribute("href") or ""
    assert "type=REQUEST" in href and "all=true" in href
    response = page.request.get(href)
    assert response.ok and response.text().startswith("id,doc_id,")
    permalink = page.url
    page.goto("about:blank")
    page.goto(permalink)
    expect(page.locator("select[name=type]")).to_have_value("REQUEST")
    expect(page.locator("input[name=all]")).to_be_checked()


# --------------------------------------------------------------------------- people, offices


def test_actor_profile_and_office_holders(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/actors")
    page.locator("input[name=q]").fill("Munir")
    page.locator("input[name=q]").press("Enter")
    page.locator(".actor-results a", has_text="Syed Asim Munir").click()
    profile = page.locator("article.profile")
    expect(profile.locator("table.roles")).to_contain_text("Chief of Army Staff")
    expect(profile.locator("ol.counterparts")).to_contain_text("Antony Blinken")
    shot(page, "actor", full=True)
    profile.locator("table.roles a", has_text="Chief of Army Staff").first.click()
    office = page.locator("article.office")
    expect(office.locator("table.holders")).to_contain_text("Qamar Javed Bajwa")
    expect(office.locator("table.holders")).to_contain_text("Syed Asim Munir")
    expect(office.locator("svg.holder-chart rect.tenure").first).to_be_visible()
    shot(page, "office")


# --------------------------------------------------------------------------- network, docs


def test_network_of_countries(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/network?level=country")
    expect(page.locator('svg.graph a.node[data-node="PAK"]')).to_be_visible()
    expect(page.locator('svg.graph path[data-edge="PAK>USA"]')).to_have_count(1)
    shot(page, "network")
    page.locator('svg.graph a.node[data-node="USA"] circle').click()
    expect(page.locator("figcaption")).to_contain_text("USA")


def test_api_docs_render_offline(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/docs")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible(timeout=15000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/dyad")
    shot(page, "api-docs")
