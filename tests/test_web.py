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
import re
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

    from legation.app.cli import main

    db = tmp_path_factory.mktemp("web") / "demo.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def base_url(demo_db: Path) -> Iterator[str]:
    import uvicorn

    from legation.app.http import create_app

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
    """Wait until the app has drawn the view of the current URL: its body's ``data-hash`` is
    the URL's hash. The URL is read again while waiting, as a view may redirect (the dyad
    page without a dyad opens the data's busiest one). The page's CSP forbids evaluating
    strings, so this waits on an attribute selector."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + 30
    while True:
        shown = page.url.partition("#")[2]
        hash_ = f"#{shown}" if shown else ""  # location.hash of ".../" and ".../#" is ""
        try:
            page.locator(f'body[data-hash="{hash_}"]').wait_for(state="attached", timeout=1000)
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            continue
        if page.url.partition("#")[2] == shown:
            return


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

    page.goto("/#/dyad")  # no dyad named: the most active pair of the data
    ready(page)
    expect(page.locator("figcaption")).to_contain_text("Pakistan (PAK) ↔ United States (USA)")
    assert "a=PAK&b=USA" in page.url
    bars = page.locator("svg.chart g.bar")
    assert bars.count() > 12
    assert page.locator("svg.chart text.y-tick").count() >= 3  # an axis with ticks, not a maximum
    expect(page.locator(".table-head .count")).to_contain_text(re.compile(r"Showing 1–25 of \d+"))
    shot(page, "dyad")
    total = page.locator(".table-head .count").inner_text()
    page.locator('svg.chart g.bar[data-period="2023-12"] rect.hit').click()
    expect(page.locator(".chip")).to_contain_text("2023-12-01")
    expect(page.locator(".table-head .count")).not_to_have_text(total)
    assert "period=2023-12-01" in page.url
    expect(page.locator("table.events tbody tr").first).to_contain_text("2023-12")
    recipient = page.locator("td:nth-child(5)", has_text="Blinken")  # met Blinken himself
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
    ready(page)
    expect(page.locator(".actor-results li").first).to_be_visible()  # not empty before searching
    assert page.locator(".actor-results li").count() >= 10
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
    page.locator('svg.graph a.node[data-node="USA"] circle').click()
    expect(page.locator("figcaption")).to_contain_text("USA")


def test_network_levels_sit_together_with_a_legend_and_readable_labels(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/network?level=code")
    ready(page)
    pakgov = page.locator('svg.graph a.node[data-node="PAKGOV"]')
    expect(pakgov).to_be_visible()
    assert pakgov.get_attribute("data-parent") == "PAK"
    fill = pakgov.locator("circle").get_attribute("fill")
    assert page.locator('svg.graph a.node[data-node="PAKMIL"] circle').get_attribute("fill") == fill
    expect(page.locator('svg.graph path.group-arc[data-group="PAK"]')).to_have_count(1)
    order = page.locator("svg.graph a.node").evaluate_all("ns => ns.map(n => n.dataset.node)")
    pakistani = [i for i, node in enumerate(order) if node.startswith("PAK")]
    assert pakistani == list(range(pakistani[0], pakistani[0] + len(pakistani)))  # side by side
    legend = page.locator(".network-legend")
    for words in ("cooperation", "conflict", "no score", "width", "PAKGOV"):
        expect(legend).to_contain_text(words)
    for level in ("code", "entity"):
        page.goto(f"/#/network?level={level}")
        ready(page)
        assert _overlapping_labels(page) == [], level
    shot(page, "network")


def _overlapping_labels(page: Page) -> list[tuple[str, str]]:
    """Pairs of node labels whose drawn text boxes intersect (rotated boxes, as drawn)."""
    corners = page.locator("svg.graph text.node-label").evaluate_all(
        """ts => ts.map(t => {
            const b = t.getBBox(), m = t.getScreenCTM();
            const at = (x, y) => {
                const p = new DOMPoint(x, y).matrixTransform(m);
                return [p.x, p.y];
            };
            return [t.textContent, [at(b.x, b.y), at(b.x + b.width, b.y),
                    at(b.x + b.width, b.y + b.height), at(b.x, b.y + b.height)]];
        })"""
    )
    return [
        (a, b)
        for i, (a, first) in enumerate(corners)
        for b, second in corners[i + 1 :]
        if _intersect(first, second)
    ]


def _intersect(first: list[list[float]], second: list[list[float]]) -> bool:
    """Two convex quadrilaterals intersect unless an edge's normal separates them (by more
    than half a pixel: touching glyph boxes are not overlapping text)."""
    for quad in (first, second):
        for i in range(4):
            (x1, y1), (x2, y2) = quad[i], quad[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            length = (nx * nx + ny * ny) ** 0.5 or 1.0
            a = [(nx * x + ny * y) / length for x, y in first]
            b = [(nx * x + ny * y) / length for x, y in second]
            if max(a) < min(b) + 0.5 or max(b) < min(a) + 0.5:
                return False
    return True


def test_api_docs_render_offline(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/docs")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible(timeout=15000)
    expect(page.locator(".swagger-ui")).to_contain_text("/api/dyad")
    expect(page.locator(".swagger-ui .info")).to_contain_text("Sides")  # the description
    page.locator(".opblock-summary-path", has_text="/api/dyad").first.click()
    expect(page.locator(".swagger-ui .parameters")).to_contain_text("named any way")
    shot(page, "api-docs")


# --------------------------------------------------------------------------- the first hour


def test_overview_to_dyad_to_evidence_to_actor(page: Page) -> None:
    """A new user's path: the overview they land on; its top dyad; an event of one period;
    the person in it."""
    from playwright.sync_api import expect

    page.goto("/")
    ready(page)
    expect(page.get_by_role("heading", name="What is in this store")).to_be_visible()
    expect(page.locator('.figure[data-figure="documents"] .value')).to_have_text("26")
    shot(page, "overview", full=True)
    page.locator('.top-dyads tr[data-dyad="PAK>USA"] td a').first.click()  # overview → dyad
    expect(page.locator("figcaption")).to_contain_text("Pakistan (PAK) → United States (USA)")
    page.locator('svg.chart g.bar[data-period="2023-12"] rect.hit').click()
    expect(page.locator(".chip")).to_contain_text("2023-12-01")
    row = page.locator("table.events tbody tr", has_text="Antony Blinken").first
    row.click()  # dyad → evidence
    card = page.locator("dialog#evidence[open] .card")
    expect(card.locator(".evidence-sentence mark.hl-actor")).to_be_visible()
    expect(card.locator("code.event-id")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    card.locator("a.actor-link", has_text="Syed Asim Munir").click()  # evidence → actor
    profile = page.locator("article.profile")
    expect(profile.locator("h2")).to_contain_text("Syed Asim Munir")
    expect(page.locator("dialog#evidence")).not_to_have_attribute("open", "")
    expect(profile.locator("table.roles")).to_contain_text("Chief of Army Staff")


def test_every_overview_number_opens_the_events_it_counts(page: Page) -> None:
    from playwright.sync_api import expect

    seen = page.request.get("/api/overview").json()
    totals = seen["totals"]
    page.goto("/")
    ready(page)
    links = {
        '.figure[data-figure="current"] .value': totals["current"],
        '.figure[data-figure="noncurrent"] a[data-flag="hypothetical"]': totals["hypothetical"],
        '.by-type a[data-type="REQUEST"]': seen["by_type"]["REQUEST"],
        ".top-dyads tr[data-dyad='USA>PAK'] td:nth-child(2) a": next(
            d["events"] for d in seen["top_dyads"] if (d["actor"], d["recipient"]) == ("USA", "PAK")
        ),
        '.outlets a[data-outlet="Indus Ledger"]': next(
            o["events"] for o in seen["outlets"] if o["outlet"] == "Indus Ledger"
        ),
        '.outlets a[data-outlet=""]': next(o for o in seen["outlets"] if not o["outlet"])["events"],
    }
    for selector, expected in links.items():
        page.goto("/")
        ready(page)
        page.locator(selector).first.click()
        expect(page.locator(".table-head .count")).to_contain_text(f"of {expected} events")
    merged = page.request.get("/api/events?merged=true").json()["total"]
    assert 0 < merged <= totals["merged"]


def test_a_side_named_any_way_and_an_ambiguous_one(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/dyad?a=pak&b=usa")
    ready(page)
    expect(page.locator("figcaption")).to_contain_text("Pakistan (PAK) ↔ United States (USA)")
    expect(page.locator('.side-note[data-side="PAK"]')).to_contain_text("pak = Pakistan")
    upper = page.locator("figcaption").inner_text()
    page.goto("/#/dyad?a=PAK&b=United%20States")
    ready(page)
    expect(page.locator("figcaption")).to_have_text(upper)  # same events, however named
    page.goto("/#/dyad?a=army%20chief&b=USA")
    ready(page)
    error = page.locator(".error")
    expect(error).to_contain_text("names 4 entities")
    shot(page, "ambiguous-side")
    error.locator('button[data-key="office:PAK.coas"]').click()
    expect(page.locator("figcaption")).to_contain_text("Chief of Army Staff (Pakistan)")
    assert "a=office%3APAK.coas" in page.url


def test_quarters_years_ticks_gaps_and_what_is_not_charted(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/dyad?a=PAK&b=USA")
    ready(page)
    page.locator("select[name=freq]").select_option("quarter")
    expect(page.locator('svg.chart g.bar[data-period="2023-Q4"]')).to_have_count(1)
    buckets = page.request.get("/api/dyad?a=PAK&b=USA&freq=quarter").json()["buckets"]
    scored = "".join("x" if b["mean_score"] is not None else " " for b in buckets)
    runs = [len(run) for run in scored.split()]
    assert " " in scored.strip()  # quarters without events between the first and the last
    drawn = page.locator("svg.chart polyline.score").evaluate_all(
        "ls => ls.map(l => l.getAttribute('points').split(' ').length)"
    )
    assert sorted(drawn) == sorted(n for n in runs if n > 1)  # a line per run, none over a gap
    assert page.locator("svg.chart circle.score-dot").count() == sum(runs)
    page.locator("select[name=freq]").select_option("year")
    expect(page.locator('svg.chart g.bar[data-period="2023"]')).to_have_count(1)
    before = page.locator(".table-head .count").inner_text()
    not_charted = page.locator(".not-charted a.noncurrent")
    expect(not_charted).to_contain_text(
        "not current (hypothetical, historical, negated or uncertain)"
    )
    not_charted.click()
    expect(page.locator("input[name=all]")).to_be_checked()
    expect(page.locator(".table-head .count")).not_to_have_text(before)


def test_table_confidence_filter_ids_and_what_is_left_out(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/events?a=PAK&b=USA")
    ready(page)
    header = page.locator("table.events thead")
    for column in ("ID", "Actor", "Recipient", "Conf."):
        expect(header).to_contain_text(column)
    expect(page.locator("table.events td.event-id code").first).to_have_text(
        re.compile(r"^[0-9a-f]{12}$")
    )
    expect(page.locator("table.events td.parties code.code").first).to_be_visible()
    expect(page.locator(".left-out")).to_contain_text(
        "hypothetical, historical, negated or uncertain"
    )
    before = page.locator(".table-head .count").inner_text()
    page.locator("select[name=conf]").select_option("0.9")
    expect(page.locator(".table-head .count")).not_to_have_text(before)
    expect(page.locator(".left-out")).to_contain_text("below confidence 0.9")
    assert "conf=0.9" in page.url
    confidences = page.locator("table.events td.confidence").all_inner_texts()
    assert confidences and all(float(c) >= 0.9 for c in confidences)
    shot(page, "events")


def test_small_multiples_of_an_actors_top_counterparts(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/#/dyad?a=pak")
    ready(page)
    multiples = page.locator(".multiples .multiple")
    expect(multiples.first).to_contain_text("United States")
    assert multiples.count() >= 3
    heights = multiples.evaluate_all(
        "ms => ms.map(m => m.querySelector('svg').getAttribute('viewBox'))"
    )
    assert len(set(heights)) == 1  # one scale, one size
    shot(page, "counterparts")
    multiples.first.click()
    expect(page.locator("figcaption")).to_contain_text("Pakistan (PAK) ↔ United States (USA)")
