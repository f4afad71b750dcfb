"""The dashboard an analyst trusts, offline: every page in a real browser on the demo database.

A real ``shiftwatch serve`` on 127.0.0.1 over the database ``shiftwatch demo`` builds (the
bundled illustrative corpus, so no ``../shared`` is needed), and Debian's Chromium driven by
Playwright with every request that is not for 127.0.0.1 aborted by the test: a page that needs
the network fails here. Each page must load without console errors; charts must be drawn (an
SVG with marks); the PRK–RUS page must explain its shift with evidence that opens the right
document at the right sentence. Screenshots go to ``test-artifacts/dashboard/`` (``make
screenshots`` keeps them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import run_cli
from test_web_support import Server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "dashboard"
PAGES = [
    "/",
    "/dyad/PRK/RUS",
    "/actor/PRK",
    "/shifts",
    "/blocs",
    "/compare?a=PRK-RUS&b=PRK-CHN",
    "/search?q=treaty",
    "/api/v1/docs",
]
OUTSIDE_URL = re.compile(
    r"""<(?:script|img|iframe|source|link|form|object|embed|use)\b[^>]*"""
    r"""\b(?:src|href|action|data)\s*=\s*["']?\s*(?:https?:)?//(?!127\.0\.0\.1[:/])""",
    re.I,
)
"""A resource the page would load (or a form it would post) from anywhere but this server."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("dashboard") / "demo.duckdb"
    built = run_cli("demo", "--db-path", db, timeout=600)
    assert built.returncode == 0, built.stderr
    running = Server(db, read_only=True)
    yield running
    running.stop()


class Page:
    """A browser tab whose requests outside 127.0.0.1 are aborted and recorded."""

    def __init__(self, browser: object, server: Server, width: int = 1280) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": 900}, accept_downloads=True
        )
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.base = server.url

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(self.base):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def open(self, path: str) -> object:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert not self.blocked, f"the page tried to reach outside 127.0.0.1: {self.blocked}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def tab(browser: object, server: Server) -> Iterator[Page]:
    opened = Page(browser, server)
    yield opened
    opened.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_offline_without_errors(tab: Page, path: str) -> None:
    page = tab.open(path)
    assert page.locator("h1, #swagger-ui").count() >= 1  # type: ignore[attr-defined]
    html = page.content()  # type: ignore[attr-defined]
    assert not OUTSIDE_URL.search(html), f"{path} references a non-local URL"
    for chart in page.locator("figure.chart").all():  # type: ignore[attr-defined]
        assert chart.locator("svg .role-mark").count() >= 1, f"an empty chart on {path}"
    tab.shot("desktop" + (re.sub(r"\W+", "-", path).rstrip("-") or "-overview"))


def test_pages_reference_no_outside_url_in_their_html(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for path in [*PAGES, "/documents/nope", "/dyad/PRK/RUS/brief"]:
            body = client.get(path, headers={"Accept": "text/html"}).text
            assert not OUTSIDE_URL.search(body), f"{path} references a non-local URL"


def test_api_docs_list_the_endpoints(tab: Page) -> None:
    page = tab.open("/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path")  # type: ignore[attr-defined]
    paths = page.locator(".opblock-summary-path").all_inner_texts()  # type: ignore[attr-defined]
    joined = " ".join(paths)
    for endpoint in ("/api/v1/events", "/api/v1/shifts", "/api/v1/dyads/{a}/{b}/series"):
        assert endpoint in joined.replace("\u200b", "")
    tab.shot("api-docs")


def test_dyad_page_explains_its_shift_with_evidence(tab: Page) -> None:
    page = tab.open("/dyad/PRK/RUS")
    coop = page.locator("#coop-chart svg")  # type: ignore[attr-defined]
    assert coop.locator(".mark-symbol path, .role-mark path").count() > 0
    shift = page.locator("#shifts article.shift").first  # type: ignore[attr-defined]
    heading = shift.locator("h3").inner_text()
    assert re.search(r"RUS → PRK from 2022-\d\d-\d\d: [-+]\d\.\d\d → \+\d\.\d\d", heading), heading
    assert "p = " in shift.inner_text()
    links = shift.locator("a.evidence-link")
    assert links.count() >= 3
    tab.shot("dyad")
    # each evidence link opens its document with the driving sentence highlighted
    for number in range(3):
        page.goto(tab.base + "/dyad/PRK/RUS")  # type: ignore[attr-defined]
        item = page.locator("#shifts article.shift").first.locator("ol.drivers li").nth(number)  # type: ignore[attr-defined]
        quoted = item.locator("q").inner_text()
        item.locator("a.evidence-link").click()
        page.wait_for_url("**/documents/**")  # type: ignore[attr-defined]
        focused = page.locator(".sentence:target")  # type: ignore[attr-defined]
        assert focused.count() == 1
        assert " ".join(focused.inner_text().split()) == " ".join(quoted.split())
        assert focused.evaluate("e => getComputedStyle(e).outlineStyle") != "none"


def test_dyad_page_keeps_asserted_events_apart_and_filters_in_the_url(tab: Page) -> None:
    page = tab.open("/dyad/PRK/RUS")
    asserted = page.locator("#events li.event")  # type: ignore[attr-defined]
    others = page.locator("#events-not-asserted li.event")  # type: ignore[attr-defined]
    assert asserted.count() > 0 and others.count() > 0
    assert page.locator("#events .modality").count() == 0  # type: ignore[attr-defined]
    assert others.locator(".modality").count() == others.count()
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.select_option("#modality-filter", "alleged")  # type: ignore[attr-defined]
    assert "modality=alleged" in page.url  # type: ignore[attr-defined]
    kinds = set(page.locator("li.event .modality").all_inner_texts())  # type: ignore[attr-defined]
    assert kinds == {"alleged"}
    # partner shares for both sides, before and after the shift
    for actor in ("PRK", "RUS"):
        assert page.locator(f"#partners-{actor} tbody tr").count() >= 1  # type: ignore[attr-defined]


def test_events_download_as_csv_with_a_header_row(tab: Page) -> None:
    page = tab.open("/dyad/PRK/RUS")
    total = int(page.locator("#event-total").inner_text())  # type: ignore[attr-defined]
    with page.expect_download() as download_info:  # type: ignore[attr-defined]
        page.click("#events-csv")  # type: ignore[attr-defined]
    path = download_info.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert len(rows) == total
    assert {"id", "date", "source", "target", "type", "sentence"} <= set(rows[0])
    assert all({row["source"], row["target"]} == {"PRK", "RUS"} for row in rows)


def test_compare_view_draws_two_series(tab: Page) -> None:
    page = tab.open("/compare?a=PRK-RUS&b=PRK-CHN")
    chart = page.locator("#compare-chart svg")  # type: ignore[attr-defined]
    legend = chart.locator(".role-legend-label text").evaluate_all(
        "labels => labels.map(label => label.textContent)"
    )
    assert set(legend) == {"PRK–RUS", "PRK–CHN"}
    assert chart.locator(".mark-line path").count() >= 2
    assert page.locator("#compare-totals tbody tr").count() == 2  # type: ignore[attr-defined]
    tab.shot("compare")


def test_not_found_is_a_page_with_a_way_back(tab: Page, server: Server) -> None:
    page = tab.page
    response = page.goto(server.url + "/no/such/page")  # type: ignore[attr-defined]
    assert response.status == 404
    assert "html" in response.headers["content-type"]
    assert page.locator("h1").inner_text() == "Not found"  # type: ignore[attr-defined]
    assert page.locator("a[href='/']").count() >= 1  # type: ignore[attr-defined]
    tab.errors.clear()  # the 404 itself is logged by Chromium as a failed resource
    with httpx.Client(base_url=server.url) as client:
        api = client.get("/api/v1/events/nope")
        assert api.status_code == 404 and api.json()["error"] == "NotFoundError"
        bad = client.get("/dyad/PRK/RUS?date_from=yesterday", headers={"Accept": "text/html"})
        assert bad.status_code == 422 and "<h1>" in bad.text


def test_header_box_finds_actors_and_dyads(tab: Page) -> None:
    page = tab.open("/")
    options = page.locator("#actor-codes option")  # type: ignore[attr-defined]
    assert "PRK" in [options.nth(i).get_attribute("value") for i in range(options.count())]
    page.fill("header .search input", "PRK-RUS")  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.press("header .search input", "Enter")  # type: ignore[attr-defined]
    assert page.url.endswith("/dyad/PRK/RUS")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate("document.activeElement.tagName")  # type: ignore[attr-defined]
    assert focused in {"A", "INPUT"}  # the page is reachable from the keyboard


@pytest.mark.parametrize("path", ["/", "/dyad/PRK/RUS", "/compare?a=PRK-RUS&b=PRK-CHN"])
def test_readable_on_a_phone_without_horizontal_scroll(
    browser: object, server: Server, path: str
) -> None:
    phone = Page(browser, server, width=390)
    page = phone.open(path)
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 390, f"{path} is {width}px wide at 390px"
    phone.shot("phone" + (re.sub(r"\W+", "-", path).rstrip("-") or "-overview"))
    phone.close()
