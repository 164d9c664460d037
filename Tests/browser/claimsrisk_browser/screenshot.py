"""Takes docs/workbench.png: the page after a two-option compare on ABC Incorporated.

    .build-venv-browser/bin/python -m claimsrisk_browser.screenshot http://127.0.0.1:8080/ docs/workbench.png
"""
import sys

from playwright.sync_api import expect, sync_playwright

from claimsrisk_browser import chromium_path


def main(url, out):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1050})
        page.goto(url)
        expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20000)
        page.fill("#trials", "10000")
        page.fill("#g-specific", "25000, 50000")
        page.fill("#g-corridor", "125")
        page.fill("#g-basis", "12/15, 12/18")
        page.click("#make-grid")
        page.click("#run")
        expect(page.locator("#result-table tbody tr")).to_have_count(4, timeout=120000)
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
