"""The workbench page in Debian's chromium: open ABC, run a two-option compare, check the
table and the charts against the CLI on the same scenario and seed, show a validation error
next to its field, cancel a run, download the CSV."""
import json
import os
import tempfile

import pytest
from playwright.sync_api import expect, sync_playwright

from claimsrisk_browser import URL, chromium_path, cli, money

TRIALS, SEED = 2000, 7


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        pg = context.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        # Offline: the page must not ask for anything but its own server.
        external = []
        pg.on("request", lambda r: None if r.url.startswith(URL.rstrip("/")) else external.append(r.url))
        pg.goto(URL)
        expect(pg.locator("body[data-ready=true]")).to_have_count(1, timeout=20000)
        yield pg
        assert errors == [], errors
        assert external == [], external
        browser.close()


def cli_table_cells(text):
    """The CLI's compare table as {option name: [cells]}."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Option"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0]] = cells
    return rows


def test_opens_abc_by_default(page):
    expect(page.locator("#scenario-select")).to_have_value("abc-incorporated")
    expect(page.locator("#f-deductible")).to_have_value("25000")
    expect(page.locator('[data-path="census.tiers[0].employees"]')).to_have_value("96")


def test_two_option_compare_matches_cli(page):
    page.fill("#trials", str(TRIALS))
    page.fill("#seed", str(SEED))
    page.fill("#g-specific", "25000, 50000")
    page.click("#make-grid")
    expect(page.locator("#options tbody tr")).to_have_count(2)
    with page.expect_request(lambda r: "/api/compare" in r.url) as req:
        page.click("#run")
    body = req.value.post_data
    expect(page.locator("#result-table tbody tr")).to_have_count(2, timeout=60000)
    expect(page.locator("#exceedance polyline.curve")).to_have_count(2)
    expect(page.locator("#pattach rect.pbar")).to_have_count(2)

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "scenario.json")
        with open(path, "w") as f:
            f.write(body)
        status, out, err = cli("compare", path, "--format", "json", "--trials", str(TRIALS), "--seed", str(SEED))
        assert status == 0, err
        status, table, err = cli("compare", path, "--format", "table", "--trials", str(TRIALS), "--seed", str(SEED))
        assert status == 0, err
    result = json.loads(out)
    cells = cli_table_cells(table)
    for i, c in enumerate(result["contracts"]):
        row = page.locator(f'#result-table tbody tr[data-option="{i}"]')
        e = c["metrics"]["employer_cost"]
        shown = row.locator('td[data-k="mean"]').inner_text()
        assert shown == f"{money(e['mean'])} ± {money(e['std_error'])}"
        assert shown == cells[c["name"]][2]          # the CLI's own table cell
        pa = row.locator('td[data-k="pattach"]').inner_text()
        assert pa == cells[c["name"]][6]
        if i > 0:
            dd = c["difference_from_first"]["employer_cost"]
            assert row.locator('td[data-k="diff"]').inner_text() == f"+{money(dd['mean'])} ± {money(dd['std_error'])}"
    # The CLI's text table, as the page shows it on request, is the CLI's output verbatim.
    page.click("#show-table")
    expect(page.locator("#cli-table")).to_be_visible()
    assert page.locator("#cli-table").inner_text().strip() == table.strip()


def test_download_csv_is_the_clis(page):
    with page.expect_download() as dl:
        page.click("#dl-csv")
    lines = open(dl.value.path()).read().splitlines()
    # The CLI's CSV: one `# key=value; …` provenance line, then the header and one row per option.
    assert lines[0].startswith("# program=claimsrisk;")
    assert lines[1].count(",") >= 3 and len(lines) >= 4


def test_validation_error_next_to_field(page):
    page.fill("#f-deductible", "-5")
    page.locator("#f-deductible").dispatch_event("change")
    page.click("#validate")
    slot = page.locator('#contract [data-error-for="stop_loss.specific.deductible"]')
    expect(slot).to_contain_text("stop_loss.specific.deductible: must be >= 0, found -5", timeout=20000)
    expect(page.locator("#f-deductible")).to_have_class("invalid")
    # A compare with a bad deductible in the grid shows the message on that grid row.
    page.fill('#options input[data-k="specific"] >> nth=1', "-7")
    page.locator('#options input[data-k="specific"] >> nth=1').dispatch_event("change")
    page.click("#run")
    row_slot = page.locator('#options [data-error-for="options[0].specific.deductible"]')
    expect(row_slot).to_contain_text("options[0].specific.deductible: must be >= 0, found -7", timeout=30000)
    page.fill('#options input[data-k="specific"] >> nth=1', "50000")
    page.locator('#options input[data-k="specific"] >> nth=1').dispatch_event("change")
    # Fixing the field clears its message.
    page.fill("#f-deductible", "25000")
    page.locator("#f-deductible").dispatch_event("change")
    page.click("#validate")
    expect(page.locator("#validate-result")).to_have_text("Valid.", timeout=20000)
    expect(slot).to_have_text("")


def test_cancel_a_run(page):
    page.fill("#trials", "200000")
    page.click("#run")
    expect(page.locator("#cancel")).to_be_enabled()
    page.wait_for_timeout(600)
    page.click("#cancel")
    expect(page.locator("#status")).to_have_text("Cancelled.", timeout=30000)
    page.fill("#trials", str(TRIALS))
