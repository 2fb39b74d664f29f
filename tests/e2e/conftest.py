"""End-to-end harness: headless Chromium (Playwright) against pytest-django's live server.

Every test under tests/e2e is marked ``browser`` (``make test-fast`` leaves them out) and needs a
transactional database, since the live server answers from another thread.

Fixtures:

* ``browser``: one Chromium for the session (Debian's /usr/bin/chromium, never a download).
* ``page``: a fresh context and page per test (nb-NO, Europe/Oslo, 1280x900). A failing test
  leaves a screenshot in var/test-results/<test>.png. A stylesheet, script, image or font that
  fails to load (status 400 or more) fails the test at teardown.
* ``axe_check(page, context_name)``: runs axe-core (WCAG 2.1 A and AA) on the page and fails
  with a readable list of the violations.
* ``login(page, live_server, username, password)``: logs in through the real form at /logg-inn/.
* ``demo_committed``: the demo data, committed (built once per session, then copied back in).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Response, expect, sync_playwright

from tests.support import demo
from tests.support.browser import REPO_ROOT, RESULTS_DIR, TIMEOUT_MS

WIDTHS = ((390, 844), (1280, 900))  # a phone and a laptop

# Playwright's sync API runs an asyncio loop in the test thread; Django would otherwise refuse
# ORM calls (fixtures, assertions on the database) from it as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
E2E_DIR = Path(__file__).resolve().parent

CHROMIUM = os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=nb-NO",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Sub-resources whose failure means a broken page (a missing stylesheet passes unnoticed
# otherwise: the page still renders, just unstyled).
CHECKED_RESOURCES = {"stylesheet", "script", "image", "font"}

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in tests/e2e is a browser test, whether or not its module says so."""
    for item in items:
        if E2E_DIR in item.path.parents and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item (rep_setup, rep_call, rep_teardown) for fixtures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Generator[Browser]:
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


def _failed(node: pytest.Item) -> bool:
    return any(
        getattr(node, f"rep_{when}", None) is not None and getattr(node, f"rep_{when}").failed
        for when in ("setup", "call")
    )


def _screenshot_path(node: pytest.Item) -> Path:
    name = re.sub(r"[^\w.-]+", "_", node.name).strip("_")
    return RESULTS_DIR / f"{name}.png"


@pytest.fixture(scope="session")
def _demo_copy(django_db_setup, django_db_blocker) -> Generator[dict]:
    """The session's copy of the demo (tests/support/demo.py), dropped before and after."""
    with django_db_blocker.unblock():
        demo.snapshot_drop()
    state: dict = {}
    yield state
    with django_db_blocker.unblock():
        demo.snapshot_drop()


@pytest.fixture
def demo_committed(transactional_db, _demo_copy) -> None:
    """The Vestfold demo data, committed, so the live server's thread sees it: built by the
    first test of the session, copied back in for the others."""
    demo.demo_committed(_demo_copy)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, transactional_db) -> Generator[Page]:
    # After transactional_db, so torn down before it: the browser (and htmx's polling) is gone
    # before the test database is flushed, or a request still running deadlocks the TRUNCATE.
    context = browser.new_context(
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    broken: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type in CHECKED_RESOURCES:
            broken.append(f"{response.status} {response.request.resource_type} {response.url}")

    def on_request_failed(req: Request) -> None:
        # ERR_ABORTED: the browser itself cancelled the request because the page went on to the
        # next one (a form posted while a font was still loading), not a file that is missing
        # or refused; a missing file answers 404 and is caught in on_response.
        if req.resource_type in CHECKED_RESOURCES and "ERR_ABORTED" not in (req.failure or ""):
            broken.append(f"failed {req.resource_type} {req.url}: {req.failure}")

    def on_console(melding) -> None:
        # The browser reports what the Content-Security-Policy blocked: that is a broken page.
        if melding.type == "error" and "Content Security Policy" in melding.text:
            broken.append(f"CSP: {melding.text}")

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)

    try:
        yield page
    finally:
        failed = _failed(request.node)
        if failed and not page.is_closed():
            path = _screenshot_path(request.node)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(path), full_page=True)
                print(f"Skjermbilde: {path} ({page.url})")
            except Exception as exc:  # noqa: BLE001 - a screenshot must never hide the real failure
                print(f"Kunne ikke ta skjermbilde: {exc}")
        context.close()
    if broken and not failed:
        pytest.fail("Ressurser som ikke lastet:\n  " + "\n  ".join(broken), pytrace=False)


def _format_violations(context_name: str, url: str, violations: list[dict]) -> str:
    lines = [f"axe: {len(violations)} brudd på WCAG 2.1 A/AA i {context_name} ({url}):"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact') or '?'}] {v['help']} ({v['helpUrl']})")
        nodes = v.get("nodes", [])
        for node in nodes[:3]:
            target = " ".join(
                ">>".join(t) if isinstance(t, list) else str(t) for t in node["target"]
            )
            lines.append(f"    {target}")
            summary = (node.get("failureSummary") or "").strip().splitlines()
            if len(summary) > 1:
                lines.append(f"      {summary[1].strip()}")
        if len(nodes) > 3:
            lines.append(f"    … og {len(nodes) - 3} til")
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, not as a <script>: the portal's
        # Content-Security-Policy (no inline scripts) stays on while the tests run.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )


@pytest.fixture
def axe_check() -> Callable[[Page, str], None]:
    """``axe_check(page, "forsiden")`` fails the test if axe finds WCAG 2.1 A/AA violations."""

    def check(page: Page, context_name: str) -> None:
        violations = run_axe(page)
        if violations:
            pytest.fail(_format_violations(context_name, page.url, violations))

    return check


@pytest.fixture
def widths(request, axe_check) -> Callable[[Page, str], None]:
    """``widths(page, "navn")``: at 390 and 1280 px the page fits the width (no sideways
    scrolling), passes axe, and is saved as var/test-results/<prefix>-<navn>-<width>.png, the
    prefix being the test module's ``SCREENSHOT_PREFIX``."""
    prefix = getattr(request.module, "SCREENSHOT_PREFIX", request.module.__name__.split(".")[-1])

    def check(page: Page, navn: str) -> None:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_load_state("load")
            scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{navn} er {scroll_width} px bred ved {width} px"
            page.screenshot(path=str(RESULTS_DIR / f"{prefix}-{navn}-{width}.png"), full_page=True)
            axe_check(page, f"{navn} ved {width} px")
        page.set_viewport_size({"width": 1280, "height": 900})

    return check


@pytest.fixture
def login() -> Callable[..., None]:
    """``login(page, live_server, "medlem", "demo-medlem")`` logs in through /logg-inn/.

    By default it waits until the header shows «Logg ut»; pass ``expect_success=False`` to
    submit the form and return on the next page whatever it shows.
    """

    def do_login(
        page: Page, live_server, username: str, password: str, *, expect_success: bool = True
    ) -> None:
        page.goto(f"{live_server.url}/logg-inn/")
        page.get_by_label("Brukernavn").fill(username)
        page.get_by_label("Passord").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Logg inn").click()
        if expect_success:
            expect(page.get_by_role("button", name="Logg ut")).to_be_visible()

    return do_login
