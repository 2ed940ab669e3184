"""The harness's own checks can fail: axe-core finds a known violation, the pixel check refuses a
blank page, and Chromium's error page is told apart. Without these, a green browser suite could be
one whose checks see nothing."""
import tempfile
import unittest
import urllib.parse

from selenium.common.exceptions import WebDriverException

from browser import (SIZES, axe_violations, describe_violations, not_chromium_error_page, open_page,
                     pixel_problems, screenshots, start_chromium)
from lunas_server import free_port

driver = None


def setUpModule():
    global driver
    driver = start_chromium()
    unittest.addModuleCleanup(driver.quit)


def data_url(html):
    return "data:text/html;charset=utf-8," + urllib.parse.quote(html)


class HarnessTests(unittest.TestCase):
    def test_axe_reports_serious_violations(self):
        # No lang, an image without alt text, grey text on white (contrast about 1.6:1).
        driver.get(data_url("<!doctype html><html><head><title>x</title></head><body>"
                            "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' width=20 height=20>"
                            "<p style='color:#ccc;background:#fff'>hampir tak terbaca</p></body></html>"))
        found = {v["id"] for v in axe_violations(driver)}
        self.assertTrue({"html-has-lang", "image-alt"} <= found, f"axe found only {found}")
        self.assertIn("image-alt", describe_violations(axe_violations(driver)))

    def test_axe_passes_a_plain_page(self):
        driver.get(data_url("<!doctype html><html lang='id'><head><title>Baik</title></head>"
                            "<body><main><h1>Halaman baik</h1><p>Teks yang terbaca.</p></main></body></html>"))
        self.assertEqual(axe_violations(driver), [])

    def test_pixel_check_refuses_a_blank_page(self):
        driver.get(data_url("<!doctype html><html lang='id'><title>kosong</title><body></body></html>"))
        with tempfile.TemporaryDirectory() as folder:
            path = screenshots(driver, "harness blank", folder)["desktop"]
            problems = pixel_problems(path, SIZES["desktop"])
        self.assertTrue(any("blank" in p for p in problems), problems)

    def test_pixel_check_wants_the_named_colour(self):
        driver.get(data_url("<!doctype html><html lang='id'><title>t</title><body><h1>Judul halaman</h1>"
                            "<p>Beberapa kata untuk piksel.</p></body></html>"))
        with tempfile.TemporaryDirectory() as folder:
            path = screenshots(driver, "harness text", folder)["phone"]
            self.assertEqual(pixel_problems(path, SIZES["phone"]), [])
            self.assertTrue(pixel_problems(path, SIZES["phone"], must_show=[(0xE6, 0xF4, 0xEA)]))
            self.assertTrue(pixel_problems(path, SIZES["desktop"]), "a phone screenshot is not desktop-sized")

    def test_chromium_error_page_is_recognised(self):
        # A port nothing listens on: Selenium raises, and Chromium shows its own error page.
        with self.assertRaisesRegex(WebDriverException, "ERR_CONNECTION_REFUSED"):
            open_page(driver, f"http://127.0.0.1:{free_port()}/")
        self.assertFalse(not_chromium_error_page(driver), driver.current_url)


if __name__ == "__main__":
    unittest.main()
