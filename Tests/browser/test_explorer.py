"""The explorer in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by selenium, against a real stack (plan-catalogue, two plan-metrics replicas on one
SQLite file, plan-gateway) started once for every test here.

Each test saves a screenshot under the output folder (PLAN_TEST_OUTPUT, by default
.build/test-output/browser) for a person to look at. The first-load figures (bytes transferred,
time until the overview is usable) are printed and written to first-load.json there, not
asserted: BENCHMARKS.md quotes them.

Run with scripts/test-browser.sh, which installs what is missing.
"""
import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import plan_stack  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

OUTPUT = os.environ.get("PLAN_TEST_OUTPUT", os.path.join(plan_stack.ROOT, ".build", "test-output", "browser"))
CHROMIUM = os.environ.get("PLAN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PLAN_CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT = 30
DASH = "\u2014"


def browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=%d,%d" % (width, height), "--lang=en-GB"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class ExplorerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(OUTPUT, exist_ok=True)
        cls.folder = tempfile.mkdtemp(prefix="plan-browser-")
        os.makedirs(os.path.join(cls.folder, "data"))
        cls.stack = plan_stack.Stack(cls.folder, replicas=2)
        host, port = cls.stack.gateway.addresses["http"]
        cls.base = "http://%s:%d" % (host, port)
        cls.driver = browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.stack.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    # -- helpers ----------------------------------------------------------------------------

    def api(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen(self.base + path + ("?" + query if query else ""), timeout=30) as response:
            return json.load(response)

    def api_all(self, path, key, **params):
        items, token = [], ""
        while True:
            body = self.api(path, page_size=100, page_token=token, **params)
            items += body.get(key, [])
            token = body.get("next_page_token", "")
            if not token:
                return items

    def open(self, fragment, driver=None):
        driver = driver or self.driver
        driver.get(self.base + "/" + fragment)
        self.ready(driver)

    def ready(self, driver=None):
        driver = driver or self.driver
        WebDriverWait(driver, WAIT).until(
            lambda d: d.execute_script("return document.body.dataset.ready") == "true")
        problems = driver.find_elements(By.CSS_SELECTOR, "#view > .problem")
        self.assertEqual([], [p.text for p in problems], "the page shows an API problem")

    def screenshot(self, name, driver=None):
        (driver or self.driver).save_screenshot(os.path.join(OUTPUT, name + ".png"))

    def script_errors(self, driver=None):
        return [entry["message"] for entry in (driver or self.driver).get_log("browser")
                if entry["level"] == "SEVERE"]

    # -- the tests ---------------------------------------------------------------------------

    def test_overview_lists_all_28_programmes(self):
        self.open("#/")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#overview tbody tr")
        shown = {row.get_attribute("data-programme") for row in rows}
        programmes = [p["id"] for p in self.api_all("/v1/programmes", "programmes", view="basic")]
        self.assertEqual(28, len(programmes))
        self.assertEqual(set(programmes), shown)
        # Each line is one programme and one measure: no line sums measures.
        measures = [(r.get_attribute("data-programme"), r.get_attribute("data-measure")) for r in rows]
        self.assertEqual(len(measures), len(set(measures)))
        self.screenshot("overview")
        # Sorting by planned 2020, descending, is a click away and keeps the state in the URL.
        self.driver.find_element(By.XPATH, "//th/button[starts-with(normalize-space(.), 'Planned 2020')]").click()
        self.ready()
        self.driver.find_element(By.XPATH, "//th/button[starts-with(normalize-space(.), 'Planned 2020')]").click()
        self.ready()
        self.assertIn("sort=planned_2020", self.driver.current_url)
        self.assertIn("dir=desc", self.driver.current_url)
        self.assertEqual([], self.script_errors())

    def test_programme_20_shows_table_20_3_as_printed(self):
        self.open("#/programme/p20")
        table = self.api("/v1/tables/20.3")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "table[id='rows-20.3'] tbody tr")
        self.assertEqual([r["id"] for r in table["rows"]], [row.get_attribute("data-row") for row in rows])
        for expected, row in zip(table["rows"], rows):
            for column in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                cell = row.find_element(By.CSS_SELECTOR, "td[data-column='%s']" % column)
                self.assert_figure(expected[column], cell, "%s %s" % (expected["id"], column))
        self.assertIn("20.3", self.driver.find_element(By.ID, "table-20.3").text)
        # Table 20.3 is printed without a dash; its dash cells (none) are the page's dash cells.
        dashes = sum(1 for r in table["rows"] for c in ("planned_2018", "actual_2018", "planned_2019", "planned_2020")
                     if r[c] == DASH)
        self.assertEqual(dashes, len(self.driver.find_elements(By.CSS_SELECTOR, "table[id='rows-20.3'] td.dash")))
        self.assertTrue(self.driver.find_element(By.CSS_SELECTOR, "a[href='/v1/tables/20.3?format=csv']"))
        # Its mandates, each with its UN document symbol.
        mandate = self.driver.find_element(By.ID, "mandate-p20.m18")
        self.assertIn("A/RES/70/1", mandate.get_attribute("textContent"))
        self.assertIn("70/1", mandate.get_attribute("textContent"))
        self.screenshot("programme-20")
        # A table printed with dashes, zeros' neighbours and blanks (2.7): each kind as printed.
        self.open("#/programme/p2?focus=table-2.7")
        table = self.api("/v1/tables/2.7")
        kinds = set()
        for expected in table["rows"]:
            row = self.driver.find_element(By.CSS_SELECTOR, "tr[data-row='%s']" % expected["id"])
            for column in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                cell = row.find_element(By.CSS_SELECTOR, "td[data-column='%s']" % column)
                kinds.add(self.assert_figure(expected[column], cell, "%s %s" % (expected["id"], column)))
        self.assertEqual({"dash", "blank", "number"}, kinds)
        self.screenshot("programme-2-table-2.7")
        # The results framework with its performance measures (programme 6).
        self.open("#/programme/p6")
        result = self.driver.find_element(By.ID, "result-p6.sp1.result")
        self.assertIn("Results framework", result.text)
        self.assertIn("签署 149 项东道国协定", result.get_attribute("textContent"))
        self.assertEqual([], self.script_errors())

    def assert_figure(self, expected, cell, where):
        classes = cell.get_attribute("class").split()
        if expected == DASH:
            self.assertEqual(DASH, cell.text, where)
            self.assertIn("dash", classes, where)
            return "dash"
        if expected is None:
            # Nothing visible: the words a screen reader says are in a visually hidden span.
            visible = cell.parent.execute_script(
                "return Array.from(arguments[0].childNodes).filter((n) => !(n.classList && n.classList.contains('sr')))"
                ".map((n) => n.textContent).join('')", cell)
            self.assertEqual("", visible, where)
            self.assertIn("blank", classes, where)
            return "blank"
        self.assertEqual(expected, int(cell.text.replace(",", "")), where)
        self.assertNotIn("dash", classes, where)
        self.assertNotIn("blank", classes, where)
        return "number"

    def test_chart_is_drawn(self):
        self.open("#/?chart=documents")
        WebDriverWait(self.driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "figure.chart canvas"))
        time.sleep(0.5)
        painted = self.driver.execute_script("""
            const canvas = document.querySelector("figure.chart canvas");
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let opaque = 0, bars = 0;
            for (let i = 0; i < data.length; i += 4) {
              if (data[i + 3] > 0) opaque++;
              // The first dataset's colour, #1f5fa8.
              if (Math.abs(data[i] - 0x1f) < 8 && Math.abs(data[i + 1] - 0x5f) < 8 && Math.abs(data[i + 2] - 0xa8) < 8) bars++;
            }
            return { opaque, bars, width: canvas.width, height: canvas.height };
        """)
        self.screenshot("chart")
        self.assertGreater(painted["width"], 100)
        self.assertGreater(painted["opaque"], 1000, painted)
        self.assertGreater(painted["bars"], 200, painted)

    def test_search_finds_the_law_of_the_sea(self):
        self.open("#/search")
        box = self.driver.find_element(By.ID, "q")
        self.assertEqual(box, self.driver.switch_to.active_element)  # the box has the focus
        box.send_keys("海洋")
        box.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results .hit"))
        self.ready()
        hits = self.driver.find_elements(By.CSS_SELECTOR, "#search-results .hit")
        texts = [hit.find_element(By.CSS_SELECTOR, ".snippet").text for hit in hits]
        self.assertIn("海洋法和海洋事务", texts)
        hit = hits[texts.index("海洋法和海洋事务")]
        self.assertEqual(["海洋", "海洋"], [m.text for m in hit.find_elements(By.TAG_NAME, "mark")])
        link = hit.find_element(By.TAG_NAME, "a")
        self.assertIn("#/programme/p6", link.get_attribute("href"))
        self.screenshot("search")
        link.click()
        self.ready()
        self.assertIn("海洋法和海洋事务", self.driver.find_element(By.ID, "unit-p6.sp4").text)

    def test_aggregate_from_its_url_shows_the_api_cells(self):
        query = "column=planned_2020&drilldown=programme,measure&cut=category:A"
        self.open("#/aggregate?" + query)
        cells = self.api_all("/v1/metrics/aggregate", "cells", column="planned_2020", drilldown="programme,measure",
                             cut="category:A")
        rows = self.driver.find_elements(By.CSS_SELECTOR, "#aggregate-table tbody tr")
        shown = []
        for row in rows:
            tds = row.find_elements(By.TAG_NAME, "td")
            shown.append((tds[0].get_attribute("data-key"), tds[1].get_attribute("data-key"),
                          int(tds[2].get_attribute("data-value")), int(tds[3].text), int(tds[4].text), int(tds[5].text)))
        expected = [(c["drilldown"][0]["key"], c["measure"], c["sum"], c["count"], c["count_reported"],
                     c.get("count_dashes", 0)) for c in cells]
        self.assertGreater(len(expected), 10)
        self.assertEqual(expected, shown)
        # The form shows the state the URL holds; the CSV link asks the API the same.
        self.assertEqual("planned_2020", self.driver.find_element(By.ID, "column").get_attribute("value"))
        self.assertEqual("category:A", self.driver.find_element(By.ID, "cut").get_attribute("value"))
        csv = self.driver.find_element(By.CSS_SELECTOR, "a[download='aggregate.csv']").get_attribute("href")
        self.assertIn("format=csv", csv)
        self.assertIn("cut=category%3AA", csv)
        self.screenshot("aggregate")

    def test_recording_wrong_token_then_right_token_live_on_a_second_page(self):
        watcher = browser()
        try:
            self.open("#/programme/p20", watcher)
            WebDriverWait(watcher, WAIT).until(
                lambda d: d.find_element(By.ID, "live").get_attribute("data-state") == "on")
            self.open("#/record?row=20.3.r4")
            form = self.driver.find_element(By.ID, "record-form")
            form.find_element(By.ID, "token").send_keys("not-the-token-0123456789")
            form.find_element(By.ID, "value").send_keys("17")
            form.find_element(By.ID, "reporter").send_keys("browser test")
            form.find_element(By.ID, "note").send_keys("年度报告")
            form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
            message = self.driver.find_element(By.ID, "record-message")
            WebDriverWait(self.driver, WAIT).until(lambda d: "401" in message.text)
            self.assertIn("The token was not accepted (401 Unauthorized)", message.text)
            self.screenshot("record-wrong-token")

            token = form.find_element(By.ID, "token")
            token.clear()
            token.send_keys(plan_stack.WRITE_TOKEN)
            form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
            WebDriverWait(self.driver, WAIT).until(lambda d: "Recorded: sequence" in message.text)
            sequence = message.text.rsplit(" ", 1)[1]
            WebDriverWait(self.driver, WAIT).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "#history tr[data-sequence='%s']" % sequence))
            entry = self.driver.find_element(By.CSS_SELECTOR, "#history tr[data-sequence='%s']" % sequence)
            self.assertIn("17", entry.text)
            self.assertIn("browser test", entry.text)
            self.screenshot("record-history")
            # The token stays in the tab's session: not in localStorage, a cookie or the URL.
            storage = self.driver.execute_script(
                "return [JSON.stringify(localStorage), document.cookie, location.href, sessionStorage.getItem('plan.writeToken')]")
            self.assertNotIn(plan_stack.WRITE_TOKEN, storage[0] + storage[1] + storage[2])
            self.assertEqual(plan_stack.WRITE_TOKEN, storage[3])

            # Live, on the second page: the recorded actual 2019 of 20.3.r4 is 17 and announced.
            WebDriverWait(watcher, WAIT).until(lambda d: d.find_elements(
                By.CSS_SELECTOR, "#live-log li[data-sequence='%s']" % sequence))
            cell = "tr[data-row='20.3.r4'] td[data-column='actual_2019']"
            WebDriverWait(watcher, WAIT).until(lambda d: d.find_element(By.CSS_SELECTOR, cell).text == "17")
            watcher.execute_script("document.querySelector(arguments[0]).scrollIntoView()", cell)
            self.screenshot("live-second-page", watcher)
            self.assertEqual([], self.script_errors(watcher))
        finally:
            watcher.quit()

    def test_labels_switch_to_chinese_and_work_at_phone_width(self):
        phone = browser(390, 844)
        try:
            self.open("#/programme/p20", phone)
            # Keyboard: the first Tab reaches the skip link, which leads to the content.
            phone.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
            self.assertIn("skip", phone.switch_to.active_element.get_attribute("class"))
            title = phone.find_element(By.CSS_SELECTOR, "h2").text
            phone.find_element(By.ID, "language").click()
            self.ready(phone)
            self.assertEqual("总览", phone.find_element(By.CSS_SELECTOR, "header nav a").text)
            self.assertIn("人权", phone.find_element(By.CSS_SELECTOR, "h2").text)
            self.assertIn("人权", title)  # the document's title is the same in both
            # Nothing but the tables' own scrolling regions is wider than the phone.
            overflow = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            self.assertLessEqual(overflow, 0)
            self.screenshot("phone-chinese", phone)
            phone.find_element(By.ID, "language").click()
            self.ready(phone)
        finally:
            phone.quit()

    def test_first_load_figures(self):
        """Bytes transferred and time to a usable overview on a fresh profile (no cache)."""
        fresh = browser()
        try:
            fresh.execute_cdp_cmd("Network.enable", {})
            fresh.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            self.open("#/", fresh)
            WebDriverWait(fresh, WAIT).until(lambda d: d.execute_script("return window.explorerFirstReady !== undefined"))
            figures = fresh.execute_script("""
                const navigation = performance.getEntriesByType("navigation")[0];
                const resources = performance.getEntriesByType("resource");
                const sum = (entries, key) => entries.reduce((total, entry) => total + (entry[key] || 0), 0);
                const chart = resources.find((entry) => entry.name.endsWith("/explorer/chart.min.js"));
                return {
                  transferred_bytes: navigation.transferSize + sum(resources, "transferSize"),
                  decoded_bytes: navigation.decodedBodySize + sum(resources, "decodedBodySize"),
                  requests: 1 + resources.length,
                  chart_library_transferred_bytes: chart ? chart.transferSize : null,
                  dom_content_loaded_ms: Math.round(navigation.domContentLoadedEventEnd),
                  interactive_ms: Math.round(window.explorerFirstReady),
                };
            """)
            print("\nexplorer first load: %s" % json.dumps(figures), file=sys.stderr)
            with open(os.path.join(OUTPUT, "first-load.json"), "w") as f:
                json.dump(figures, f, indent=2)
            self.assertIsNotNone(figures["chart_library_transferred_bytes"], "the chart library was not loaded")
            self.screenshot("first-load", fresh)
        finally:
            fresh.quit()


if __name__ == "__main__":
    unittest.main(verbosity=2)
