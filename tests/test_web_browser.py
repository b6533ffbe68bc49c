"""`newssearch serve` in a real browser: Debian's Chromium, headless, driven by Selenium through
Debian's chromedriver (both given by path, so Selenium never fetches a browser or driver).

Screenshots of the search page and the chart are saved for a person to look at: into
``$NEWSSEARCH_SCREENSHOTS`` when set, else into pytest's temporary directory (the path is printed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import REPO_ROOT
from tests.searchhelpers import build
from tests.webhelpers import HOSTILE_URL, web_records

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT = 20

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian's chromium and chromium-driver are not installed (make system-deps)"),
]
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra (make install)")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real `newssearch serve` process on a free loopback port."""
    data = build(tmp_path_factory.mktemp("browser-data"), web_records())
    env = {**os.environ, "TZ": "UTC"}
    env.pop("NEWS_DATA", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "search", "serve", "--data", str(data), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT, env=env,
    )
    try:
        line = process.stdout.readline()
        assert "serving" in line, process.stderr.read()
        yield line.split(" at ", 1)[1].split()[0].rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1200,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("NEWSSEARCH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {folder}")
    return folder


def wait_for(driver, condition):
    return WebDriverWait(driver, WAIT).until(condition)


def hits(driver) -> list[str]:
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".hit a.title")]


def state(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def chart_drawn(driver) -> None:
    chart = wait_for(driver, ec.presence_of_element_located((By.CSS_SELECTOR, "#chart[data-drawn]")))
    assert chart.get_attribute("data-drawn") == "true", chart.text


def test_search_page_chart_paging_language_filter_and_article(server, browser, shots):
    browser.get(server + "/")
    browser.find_element(By.ID, "since").send_keys("2025-06-01")
    browser.find_element(By.ID, "until").send_keys("2025-06-30")
    browser.find_element(By.ID, "q").send_keys("monsoon", Keys.ENTER)
    wait_for(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ".hit")))
    assert state(browser)["q"] == ["monsoon"] and state(browser)["since"] == ["2025-06-01"]
    first_page = hits(browser)
    assert len(first_page) == 10
    assert browser.find_elements(By.CSS_SELECTOR, ".hit .snippet mark")[0].text.lower() == "monsoon"

    chart_drawn(browser)
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart svg rect.bar")
    assert len(bars) == 24  # twelve days, two reports from two sources each, stacked
    assert browser.find_element(By.ID, "chart-unit").text == "day"
    legend = browser.find_element(By.CSS_SELECTOR, "#chart .legend").text
    assert "Coast Times" in legend and "Hill Post" in legend and "Valley News" in legend
    assert browser.find_element(By.ID, "chart-total").text == "24 matching articles"
    browser.save_screenshot(str(shots / "search-page.png"))
    browser.find_element(By.CSS_SELECTOR, "section.coverage").screenshot(str(shots / "coverage-chart.png"))

    browser.find_element(By.ID, "next").click()
    wait_for(browser, lambda d: state(d).get("page") == ["2"])
    second_page = hits(browser)
    assert len(second_page) == 10 and not set(first_page) & set(second_page)
    browser.find_element(By.ID, "previous").click()
    wait_for(browser, lambda d: "page" not in state(d))
    assert hits(browser) == first_page

    Select(browser.find_element(By.ID, "lang")).select_by_value("hi")
    browser.find_element(By.ID, "go").click()
    wait_for(browser, lambda d: state(d).get("lang") == ["hi"])
    hindi = hits(browser)
    assert len(hindi) == 6 and all(title.startswith("मानसून") for title in hindi)
    chart_drawn(browser)
    assert browser.find_element(By.ID, "chart-total").text == "6 matching articles"

    browser.find_element(By.CSS_SELECTOR, ".hit a.title").click()
    wait_for(browser, ec.presence_of_element_located((By.ID, "body")))
    assert urlsplit(browser.current_url).path == "/article"
    assert browser.find_element(By.ID, "title").text == hindi[0]
    assert "monsoon" in browser.find_element(By.ID, "body").text
    assert browser.find_element(By.ID, "original").get_attribute("href").startswith("https://")


def test_other_copies_of_a_story_open_from_the_hit(server, browser):
    browser.get(server + "/?q=hegseth")
    also = browser.find_element(By.CSS_SELECTOR, ".hit details.also")
    assert also.find_element(By.TAG_NAME, "summary").text == "also at 1 other source"
    also.find_element(By.TAG_NAME, "summary").click()
    also.find_element(By.CSS_SELECTOR, "li a").click()
    wait_for(browser, ec.presence_of_element_located((By.ID, "title")))
    assert "Hegseth" in browser.find_element(By.ID, "title").text


def test_hostile_article_is_rendered_as_text(server, browser, shots):
    browser.get(server + "/?q=gadget")
    chart_drawn(browser)
    titles = hits(browser)
    assert any(t.startswith("<script>alert('title')</script>\"><img src=x onerror=alert(1)> gadget") for t in titles)
    assert not browser.find_elements(By.CSS_SELECTOR, ".hit img, .hit script, .hit b")
    browser.get(server + "/article?url=" + HOSTILE_URL.replace("&", "%26").replace('"', "%22"))
    title = browser.find_element(By.ID, "title").text
    assert title == "<script>alert('title')</script>\"><img src=x onerror=alert(1)> gadget[31m"
    body = browser.find_element(By.ID, "body").text
    assert "</p><script>document.title='pwned'</script>" in body
    assert "' onmouseover='alert(2)' \"><b>bold</b> gadget &amp; more" in body  # the text's own "&amp;"
    assert browser.title.startswith("<script>")  # the page's own title, as text; no script ran
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img, main b")
    browser.save_screenshot(str(shots / "hostile-article.png"))


def test_stats_page_shows_the_stats_numbers(server, browser):
    browser.get(server + "/stats")
    assert browser.find_element(By.ID, "articles").text == str(len(web_records()))
    sources = browser.find_element(By.ID, "sources").text
    assert "Hostile <Site>" in sources and "Coast Times 8" in sources


def test_no_browser_or_driver_was_downloaded(browser):
    assert browser.capabilities["browserVersion"].split(".")[0] in subprocess.run(
        [str(CHROMIUM), "--version"], capture_output=True, text=True).stdout  # the system's Chromium
    cache = Path.home() / ".cache" / "selenium"
    assert not any(cache.glob("chromedriver/**/chromedriver")) and not any(cache.glob("chrome/**/chrome"))
