"""The citizens' public pages in a real browser: the tariffs, a receipt (paid, unpaid, forged), a
day's public statement and the open figures (/transparansi), each with screenshots at both sizes, a
pixel check and axe-core; the receipt check and receipt pages also in English (?lang=en)."""
import datetime
import unittest

from browser import submit, PageChecks, open_page, start_chromium
from lunas_server import WIT, LunasServer

# The boxes of PublicPages' stylesheet: a page that says "paid" shows green, "not genuine" red.
GREEN_OK = (0xE6, 0xF4, 0xEA)
RED_BAD = (0xFD, 0xEC, 0xEA)
AMBER_WARN = (0xFF, 0xF8, 0xE1)

server = None
driver = None


def setUpModule():
    global server, driver
    server = LunasServer()
    unittest.addModuleCleanup(server.stop)
    server.attendant = server.enroll("Juru parkir browser", "attendant", "ayp-01")
    server.admin = server.enroll("Admin browser", "admin")
    server.start()
    driver = start_chromium()
    unittest.addModuleCleanup(driver.quit)


class PublicPagesTests(PageChecks, unittest.TestCase):
    def setUp(self):
        self.driver = driver

    def test_tariffs(self):
        self.assertEqual(open_page(driver, server.url("/public/tariffs")), 200)
        self.assertIn("Tarif retribusi", driver.find_element("tag name", "h1").text)
        self.check_page("public tariffs")

    def test_start_page_and_receipt_check(self):
        self.assertEqual(open_page(driver, server.url("/")), 200)
        self.assertIn("Retribusi", driver.find_element("tag name", "h1").text)
        self.check_page("public start")
        issued = server.issue_ticket(server.attendant, "DE 4300 BR", "browser-start-1")
        driver.find_element("css selector", "input[name=code]").send_keys(issued["invoice"]["receiptCode"])
        answers = submit(driver, driver.find_element("css selector", "form[action='/cek'] button"))
        self.assertEqual([status for _, status in answers], [303, 200], answers)
        self.assertIn("ASLI", driver.find_element("tag name", "body").text)

    def test_english_start_and_tariffs(self):
        # The start page in English: its receipt check answers in English too.
        issued = server.issue_ticket(server.attendant, "DE 4302 BR", "browser-english-start-1")
        self.assertEqual(open_page(driver, server.url("/?lang=en")), 200)
        self.assertIn("city charges", driver.find_element("tag name", "h1").text)
        self.check_page("public start english", lang="en")
        driver.find_element("css selector", "input[name=code]").send_keys(issued["invoice"]["shortCode"])
        answers = submit(driver, driver.find_element("css selector", "form[action='/cek'] button"))
        self.assertEqual([status for _, status in answers], [303, 200], answers)
        self.assertIn("GENUINE, but NOT PAID", driver.find_element("css selector", ".warn").text)
        self.assertEqual(open_page(driver, server.url("/public/tariffs?lang=en")), 200)
        self.assertIn("Tariffs of", driver.find_element("tag name", "h1").text)
        self.assertIn("the first hour", driver.find_element("tag name", "body").text)
        self.check_page("public tariffs english", lang="en")
        self.assertEqual(open_page(driver, server.url("/parkir/tidak-ada?lang=en")), 404)
        self.assertIn("Page not found", driver.find_element("tag name", "h1").text)
        self.check_page("public not found english", lang="en")

    def test_english_receipt_check(self):
        # /cek in English: the hidden lang field carries the language through the redirect.
        issued = server.issue_ticket(server.attendant, "DE 4301 BR", "browser-english-1")
        self.assertEqual(open_page(driver, server.url("/cek?lang=en")), 200)
        self.assertIn("Check a payment receipt", driver.find_element("tag name", "h1").text)
        self.check_page("public receipt check english", lang="en")
        driver.find_element("css selector", "input[name=code]").send_keys(issued["invoice"]["shortCode"])
        answers = submit(driver, driver.find_element("css selector", "form[action='/cek'] button"))
        self.assertEqual([status for _, status in answers], [303, 200], answers)
        self.assertIn("GENUINE, but NOT PAID", driver.find_element("css selector", ".warn").text)
        self.check_page("public receipt unpaid english", must_show=[AMBER_WARN], lang="en")
        server.pay(issued["invoice"]["billNumber"], issued["invoice"]["amount"], "930000000045")
        self.assertEqual(open_page(driver, driver.current_url), 200)
        self.assertIn("GENUINE and PAID", driver.find_element("css selector", ".ok").text)
        self.check_page("public receipt paid english", must_show=[GREEN_OK], lang="en")
        self.assertEqual(open_page(driver, server.url("/public/receipts/LR1-0000000000000000000000?lang=en")), 404)
        self.assertIn("NOT GENUINE", driver.find_element("css selector", ".bad").text)
        self.check_page("public receipt forged english", must_show=[RED_BAD], lang="en")
        # A code of the ticket's shape that opens no receipt: mistyped (400) or of no ticket (404).
        self.assertIn(open_page(driver, server.url("/cek?code=AAAAA-AAAAA&lang=en")), (400, 404))
        self.assertRegex(driver.find_element("css selector", ".bad").text, "mistyped|was not found")
        self.check_page("public receipt check refused english", must_show=[RED_BAD], lang="en")

    def test_unknown_address(self):
        self.assertEqual(open_page(driver, server.url("/parkir/tidak-ada")), 404)
        self.assertIn("tidak ditemukan", driver.find_element("tag name", "h1").text)
        self.check_page("public not found")

    def test_paid_receipt(self):
        issued = server.issue_ticket(server.attendant, "DE 4100 BR", "browser-paid-1")
        invoice = issued["invoice"]
        server.pay(invoice["billNumber"], invoice["amount"], "930000000001")
        self.assertEqual(open_page(driver, server.url(issued["links"]["receipt"])), 200)
        self.assertIn("SUDAH DIBAYAR", driver.find_element("css selector", ".ok").text)
        self.check_page("public receipt paid", must_show=[GREEN_OK])

    def test_unpaid_receipt(self):
        issued = server.issue_ticket(server.attendant, "DE 4101 BR", "browser-unpaid-1")
        self.assertEqual(open_page(driver, server.url(issued["links"]["receipt"])), 200)
        self.assertIn("BELUM DIBAYAR", driver.find_element("css selector", ".warn").text)
        self.check_page("public receipt unpaid", must_show=[AMBER_WARN])

    def test_forged_receipt(self):
        self.assertEqual(open_page(driver, server.url("/public/receipts/LR1-0000000000000000000000")), 404)
        self.assertIn("TIDAK SAH", driver.find_element("css selector", ".bad").text)
        self.check_page("public receipt forged", must_show=[RED_BAD])

    def test_day_not_closed(self):
        today = datetime.datetime.now(WIT).date().isoformat()
        status = open_page(driver, server.url(f"/public/days/{today}"))
        self.assertEqual(status, 404, "the page of a day not yet closed")
        self.assertIn("belum ditutup", driver.find_element("css selector", ".warn").text)
        self.check_page("public day not closed", must_show=[AMBER_WARN])

    def test_day_closed_statement(self):
        # A past day with no invoices closes (docs/closing-the-day.md); its statement is public.
        closed = server.api("POST", "/api/v1/days/2026-06-01/close", server.admin)
        self.assertEqual(closed.status, 200, closed.text[:300])
        self.assertEqual(open_page(driver, server.url("/public/days/2026-06-01")), 200)
        self.assertIn("Laporan harian", driver.find_element("tag name", "h1").text)
        self.assertTrue(driver.find_elements("css selector", "table th[scope=row]"), "the statement's table")
        self.check_page("public day closed")

    def test_open_figures(self):
        # A paid ticket today (live) and a closed past day with its statement link.
        issued = server.issue_ticket(server.attendant, "DE 4400 BR", "browser-figures-1")
        server.pay(issued["invoice"]["billNumber"], issued["invoice"]["amount"], "930000000044")
        closed = server.api("POST", "/api/v1/days/2026-07-01/close", server.admin)
        self.assertEqual(closed.status, 200, closed.text[:300])
        self.assertEqual(open_page(driver, server.url("/transparansi")), 200)
        self.assertIn("Angka terbuka", driver.find_element("tag name", "h1").text)
        self.assertEqual(len(driver.find_elements("css selector", "svg[role=img]")), 2, "the two charts")
        self.assertIn("sementara", driver.find_element("tag name", "body").text)
        self.check_page("public open figures", must_show=[AMBER_WARN])
        self.assertEqual(open_page(driver, server.url("/transparansi?bulan=2026-07&lang=en")), 200)
        self.assertTrue(driver.find_elements("css selector", "a[href='/public/days/2026-07-01']"),
                        "the closed day links its signed statement")
        self.check_page("public open figures closed day english", lang="en")


if __name__ == "__main__":
    unittest.main()
