"""Full-page screenshots of a running portal, for looking at pages without a desktop browser.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 var/screenshots / /organ/ssu/
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 var/screenshots \\
        --login medlem demo-medlem /organ/ssu/

Uses Debian's Chromium (/usr/bin/chromium, or CHROMIUM_EXECUTABLE) headless, as the browser
tests do. Each path becomes OUTDIR/<path>.png (``/`` becomes forside.png); the files written
are printed, one a line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

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


def filename_for(path: str) -> str:
    name = re.sub(r"[^\w.-]+", "_", path.strip("/")).strip("_")
    return f"{name or 'forside'}.png"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url", help="the portal's address, e.g. http://127.0.0.1:8000")
    parser.add_argument("outdir", type=Path, help="folder for the PNG files (created)")
    parser.add_argument("paths", nargs="+", help="pages to capture, e.g. / /organ/ssu/")
    parser.add_argument(
        "--login", nargs=2, metavar=("USER", "PASS"), help="log in through /logg-inn/ first"
    )
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)

    base = args.base_url.rstrip("/") + "/"
    args.outdir.mkdir(parents=True, exist_ok=True)
    status = 0

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            locale="nb-NO",
            timezone_id="Europe/Oslo",
            viewport={"width": args.width, "height": args.height},
        )
        context.set_default_timeout(15_000)
        page = context.new_page()

        if args.login:
            user, password = args.login
            page.goto(urljoin(base, "logg-inn/"))
            page.get_by_label("Brukernavn").fill(user)
            page.get_by_label("Passord").fill(password)
            with page.expect_navigation():
                page.get_by_role("button", name="Logg inn").click()
            if page.get_by_role("button", name="Logg ut").count() == 0:
                print(f"Innlogging som {user!r} mislyktes", file=sys.stderr)
                browser.close()
                return 1

        for path in args.paths:
            url = urljoin(base, path.lstrip("/"))
            try:
                response = page.goto(url, wait_until="networkidle")
            except PlaywrightError as exc:
                print(f"{url}: {exc}", file=sys.stderr)
                status = 1
                continue
            if response is not None and not response.ok:
                print(f"{url}: HTTP {response.status}", file=sys.stderr)
                status = 1
            target = args.outdir / filename_for(path)
            page.screenshot(path=str(target), full_page=True)
            print(target)

        browser.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
