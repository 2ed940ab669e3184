"""The console's **Setelmen** pages in a real browser (issue #15): a finance officer uploads a
settlement file through the form (Selenium types the file's path into the file input), lands on
its report, applies it and downloads the report as CSV; every page gets screenshots at both sizes,
the pixel check and axe-core.

The settlement file is written here in the acquirer simulator's format
(Config/settlement-profiles/lunas-simulator.json) for tickets issued and paid in this test, plus one
row for a bill the city never issued. Skipped, with the reason, while the server has no console.
"""
import datetime
import os
import unittest
import urllib.parse

from selenium.webdriver.support.ui import Select

from browser import PageChecks, open_page, start_chromium, submit
from lunas_server import WIB, LunasServer, http

FINANCE = ("setelmen@ambon.example", "Dewi Setelmen", "finance", "Sagu-Lempeng-0612-Tepat")
SIMULATOR_HEADER = ("trx_datetime,settlement_date,rrn,nmid,terminal_id,issuer_name,bill_number,"
                    "gross_amount,mdr_amount,net_amount,status,reference_no")

server = None
driver = None


def setUpModule():
    global server, driver
    server = LunasServer()
    unittest.addModuleCleanup(server.stop)
    added = server.add_staff(*FINANCE)
    server.attendant = server.enroll("Juru parkir setelmen", "attendant", "ayp-01")
    server.finance = server.enroll("Keuangan setelmen", "finance")
    server.start()
    probe = http("GET", server.url("/console/login"), headers={"Accept": "text/html"})
    if probe.status == 404:
        raise unittest.SkipTest("the server has no staff console yet: GET /console/login answers 404")
    if added.returncode != 0:
        raise AssertionError(f"lunas staff add exited {added.returncode}: {added.stderr}")
    driver = start_chromium()
    unittest.addModuleCleanup(driver.quit)


def next_working_day(day):
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def settlement_file(folder):
    """Issues three tickets, pays two through the acquirer's notify and leaves the third's payment
    to the file; writes the day's settlement file with a fourth row for an unknown bill. Answers its
    path."""
    rows = []
    now = datetime.datetime.now(WIB)
    settlement_date = next_working_day(now.date()).isoformat()
    for index in range(3):
        invoice = server.issue_ticket(server.attendant, f"DE 71{index}0 ST", f"browser-settlement-{index}")["invoice"]
        rrn = f"94000000000{index}"
        if index < 2:
            server.pay(invoice["billNumber"], invoice["amount"], rrn)
        rows.append((invoice["billNumber"], invoice["amount"], rrn))
    rows.append(("ZZUNKNOWN99", 3000, "949999999999"))
    lines = [SIMULATOR_HEADER]
    stamp = datetime.datetime.now(WIB).strftime("%Y-%m-%d %H:%M:%S")
    for bill, amount, rrn in rows:
        lines.append(f"{stamp},{settlement_date},{rrn},ID1026000000001,,OVO,{bill},{amount},0,{amount},SUCCESS,"
                     f"REF{rrn}")
    path = os.path.join(folder, "settlement-browser.csv")
    with open(path, "w", newline="") as file:
        file.write("\r\n".join(lines) + "\r\n")
    return path


class ConsoleSettlementTests(PageChecks, unittest.TestCase):
    def setUp(self):
        self.driver = driver
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})

    def log_in(self):
        self.assertEqual(open_page(driver, server.url("/console/login")), 200)
        form = driver.find_element("css selector", "form:has(input[name=password])")
        form.find_element("css selector", "input[name=email]").send_keys(FINANCE[0])
        form.find_element("css selector", "input[name=password]").send_keys(FINANCE[3])
        answers = submit(driver, form.find_element("css selector", "button[type=submit]"))
        self.assertEqual([status for _, status in answers], [303, 200], f"login: {answers}")

    def assert_no_horizontal_scroll(self, name):
        """At each size the page is no wider than the screen: tables wrap or stack, nothing is cut."""
        try:
            for width, height in ((1280, 900), (412, 915)):
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
                scroll = driver.execute_script("return document.documentElement.scrollWidth")
                self.assertLessEqual(scroll, width, f"{name} at {width} px is {scroll} px wide")
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def test_upload_report_apply_download(self):
        path = settlement_file(server.work)
        self.log_in()
        self.assertEqual(open_page(driver, server.url("/console/settlements")), 200)
        self.assertIn("Setelmen", driver.find_element("tag name", "h1").text)
        self.check_page("console settlements")

        form = driver.find_element("css selector", "form#upload")
        self.assertEqual(form.get_attribute("enctype"), "multipart/form-data")
        form.find_element("css selector", "input[type=file][name=file]").send_keys(path)
        Select(form.find_element("css selector", "select[name=profile]")).select_by_value("lunas-simulator")
        answers = submit(driver, form.find_element("css selector", "button[type=submit]"))
        self.assertEqual([status for _, status in answers], [303, 200], f"upload: {answers}")
        report_path = urllib.parse.urlsplit(driver.current_url).path
        self.assertRegex(report_path, r"^/console/settlements/stl-[0-9a-f]{32}$")
        body = driver.find_element("tag name", "body").text
        self.assertIn("Laporan setelmen", body)
        self.assertIn("Tagihan tidak dikenal", body)
        self.assertIn("ZZUNKNOWN99", body)
        self.assertIn("Dewi Setelmen", body)
        self.check_page("console settlement report")
        self.assert_no_horizontal_scroll("console settlement report")

        answers = submit(driver, driver.find_element("css selector", "button#apply"))
        self.assertEqual(answers[-1][1], 200, f"apply: {answers}")
        status = driver.find_element("css selector", "[role=status]")
        self.assertIn("File diterapkan ke buku besar.", status.text)
        facts = dict(zip([dt.text for dt in status.find_elements("css selector", "dt")],
                         [dd.text for dd in status.find_elements("css selector", "dd")]))
        self.assertEqual(facts.get("Tagihan disetel"), "3", facts)
        self.assertEqual(facts.get("Pembayaran dicatat dari file"), "1", facts)
        self.check_page("console settlement applied")

        # The CSV download: the report's link, under the session, the API's bytes.
        link = driver.find_element("css selector", "a[href$='/report.csv']").get_attribute("href")
        cookie = driver.get_cookie("lunas_session")["value"]
        download = http("GET", link, headers={"Cookie": f"lunas_session={cookie}"})
        self.assertEqual(download.status, 200, download.text[:300])
        self.assertIn("attachment", download.headers.get("Content-Disposition", ""))
        self.assertTrue(download.text.startswith("category,reason,"), download.text[:200])
        self.assertIn("unknown_bill", download.text)
        settlement_id = report_path.rsplit("/", 1)[-1]
        api = server.api("GET", f"/api/v1/settlements/{settlement_id}/report?format=csv", server.finance)
        self.assertEqual(download.body, api.body)

        # The list shows the file as applied.
        self.assertEqual(open_page(driver, server.url("/console/settlements")), 200)
        self.assertIn("diterapkan", driver.find_element("css selector", "table").text)


if __name__ == "__main__":
    unittest.main()
