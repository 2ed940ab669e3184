"""The staff console's devices page, Hari ini with data, the staff page and the tariffs in a real
browser (issue #15): an admin enrols a handheld (the token shown once as a QR code and as the
`lunas://enroll` URI, which then works against the API), revokes it with a reason (the token is
refused), and every page passes the checks at 1280×900 and 412×915 (screenshots, pixels, axe-core).
"""
import unittest
import urllib.parse

from browser import PageChecks, open_page, start_chromium, submit
from lunas_server import LunasServer, http

ADMIN = ("admin@ambon.example", "Ibu Admin", "admin", "Sagu-Lempeng-3344-Kota")

server = None
driver = None


def setUpModule():
    global server, driver
    server = LunasServer()
    unittest.addModuleCleanup(server.stop)
    added = server.add_staff(*ADMIN)
    attendant = server.enroll("Juru parkir Patty", "attendant", "ayp-01")
    server.start()
    if http("GET", server.url("/console/login"), headers={"Accept": "text/html"}).status == 404:
        raise unittest.SkipTest("the server has no staff console yet")
    if added.returncode != 0:
        raise AssertionError(f"lunas staff add: {added.stderr}")
    for index, plate in enumerate(["DE1001AB", "DE1002AB", "DE1003AB"]):
        server.issue_ticket(attendant, plate, f"browser-devices-{index}")
    driver = start_chromium()
    unittest.addModuleCleanup(driver.quit)


class ConsoleDevicesTests(PageChecks, unittest.TestCase):
    def setUp(self):
        self.driver = driver
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.assertEqual(open_page(driver, server.url("/console/login")), 200)
        form = driver.find_element("css selector", "form:has(input[name=password])")
        form.find_element("css selector", "input[name=email]").send_keys(ADMIN[0])
        form.find_element("css selector", "input[name=password]").send_keys(ADMIN[3])
        answers = submit(driver, form.find_element("css selector", "button[type=submit]"))
        self.assertEqual([status for _, status in answers], [303, 200], answers)

    def test_today_with_figures(self):
        self.assertEqual(open_page(driver, server.url("/console")), 200)
        issued = driver.find_element("css selector", "[data-figure='issued.count']").text
        self.assertEqual(issued, "3")
        self.assertTrue(driver.find_elements("css selector", "svg[role=img] rect"), "no hour chart")
        self.check_page("console today with figures")

    def test_enrol_and_revoke_a_handheld(self):
        self.assertEqual(open_page(driver, server.url("/console/devices")), 200)
        self.check_page("console devices")
        form = driver.find_element("css selector", "form[method=post][action='/console/devices']")
        form.find_element("css selector", "input[name=name]").send_keys("Jukir Pattimura 07")
        form.find_element("css selector", "input[name=zone][value='ptm-01']").click()
        answers = submit(driver, form.find_element("css selector", "button[type=submit]"))
        self.assertEqual(answers[-1][1], 201, answers)
        uri = driver.find_element("css selector", "section[aria-labelledby=enrolled-h] code").text
        self.assertTrue(uri.startswith("lunas://enroll?server="), uri)
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(uri).query)["token"][0]
        qr = driver.find_element("css selector", "section[aria-labelledby=enrolled-h] img")
        self.assertTrue(qr.get_attribute("src").startswith("data:image/png;base64,"))
        self.assertGreater(qr.size["width"], 100, "the enrolment QR is too small to scan")
        self.check_page("console device enrolled")
        self.assertEqual(server.api("GET", "/api/v1/parking/tickets?plate=DE1001AB", token).status, 200)

        row = driver.find_element("xpath", "//tr[td[normalize-space()='Jukir Pattimura 07']]")
        revoke = row.find_element("css selector", "form[action$='/revoke']")
        revoke.find_element("css selector", "input[name=reason]").send_keys("handheld hilang di pasar")
        answers = submit(driver, revoke.find_element("css selector", "button[type=submit]"))
        self.assertEqual(answers[-1][1], 200, answers)
        self.assertEqual(server.api("GET", "/api/v1/parking/tickets?plate=DE1001AB", token).status, 401)
        self.assertIn("dicabut", driver.find_element("xpath", "//tr[td[normalize-space()='Jukir Pattimura 07']]").text)

    def test_staff_and_tariffs_pages(self):
        self.assertEqual(open_page(driver, server.url("/console/staff")), 200)
        self.check_page("console staff")
        self.assertEqual(open_page(driver, server.url("/console/tariffs")), 200)
        self.check_page("console tariffs")


if __name__ == "__main__":
    unittest.main()
