"""The dashboard in a real browser: Debian's Chromium driven by Playwright over a real server.

Opens the overview, follows the busiest dyad, checks the cooperation chart is drawn with data
points, filters the events by type, opens an event and reads its highlighted evidence, then
follows the evidence to its document. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from test_web_support import Server, build_database

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[Server]:
    db = build_database(tmp_path_factory.getbasetemp(), shared_dir, coded=True)
    running = Server(db, read_only=True)
    yield running
    running.stop()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(server.url) else outside.append(request.url),
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not outside, f"the page fetched from outside: {outside}"


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_overview_to_dyad_chart_filter_and_evidence(page: object, server: Server) -> None:
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Overview"
    assert int(page.locator("#event-count").inner_text().replace(",", "")) > 0
    shot(page, "01-overview")

    first_dyad = page.locator("#dyads tbody a").first
    label = first_dyad.inner_text()
    first_dyad.click()
    page.wait_for_url("**/dyad/**")
    assert page.locator("h1").inner_text().replace(" ", "") == label.replace(" ", "")

    chart = page.locator("#coop-chart")
    page.wait_for_selector("#coop-chart svg")
    points = chart.locator(".mark-symbol path, .role-mark.marks path").count()
    assert points > 0, "the cooperation chart has no data points"
    page.wait_for_selector("#type-chart svg")
    assert page.locator("#type-chart .mark-rect path").count() >= 1
    shot(page, "02-dyad")

    total = int(page.locator("#event-total").inner_text())
    types = page.locator("#type-filter option").all_inner_texts()[1:]
    assert types, "the type filter offers the dyad's event types"
    chosen = types[0]
    with page.expect_navigation():
        page.select_option("#type-filter", chosen)
    assert f"type={chosen}" in page.url
    rows = page.locator("#events li.event")
    assert rows.count() >= 1
    assert set(page.locator("#events li.event").evaluate_all(
        "items => items.map(item => item.dataset.type)")) == {chosen}  # fmt: skip
    assert int(page.locator("#event-total").inner_text()) <= total
    page.wait_for_selector("#coop-chart svg")

    event = rows.first
    evidence = event.locator(".evidence blockquote")
    assert not evidence.is_visible()
    event.locator("summary").click()
    assert evidence.is_visible()
    assert len(evidence.inner_text()) > 20
    assert evidence.locator("span.evidence, span.actor-source, span.actor-target").count() >= 1
    shot(page, "03-dyad-filtered-evidence")

    sentence = evidence.inner_text()
    event.locator("a.doc-link").click()
    page.wait_for_url("**/documents/**")
    focused = page.locator(".sentence.focused")
    assert focused.count() == 1
    assert " ".join(focused.inner_text().split()) == " ".join(sentence.split())
    shot(page, "04-document")


def test_actor_blocs_and_search_pages(page: object, server: Server) -> None:
    page.goto(server.url + "/actor/PRK")  # type: ignore[attr-defined]
    page.wait_for_selector("#partner-chart svg")
    assert page.locator("#partners tbody tr").count() >= 2
    shot(page, "05-actor")

    page.goto(server.url + "/blocs")
    if page.locator("#bloc-network").count():
        page.wait_for_selector("#bloc-network svg")
        assert page.locator("#bloc-network .mark-symbol path").count() >= 2
    shot(page, "06-blocs")

    page.fill("header .search input", "sanctions")
    with page.expect_navigation():
        page.press("header .search input", "Enter")
    hits = page.locator("ol.hits li")
    assert hits.count() >= 1
    assert "sanction" in hits.first.locator("span.match").first.inner_text().lower()
    shot(page, "07-search")
