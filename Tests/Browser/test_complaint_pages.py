"""Citizens' complaints in a real browser (issue #17): the form without JavaScript (a photo with a
GPS text chunk attached), the refused form shown again, the filed page, the status page before
and after the city answers, and the published service standard; each page with screenshots at
both sizes, a pixel check and axe-core, in Indonesian and (with ?lang=en) in English."""
import os
import re
import tempfile
import unittest

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from browser import submit, PageChecks, open_page, start_chromium
from lunas_server import LunasServer

GREEN_OK = (0xE6, 0xF4, 0xEA)
RED_BAD = (0xFD, 0xEC, 0xEA)
AMBER_WARN = (0xFF, 0xF8, 0xE1)

server = None
driver = None


def setUpModule():
    global server, driver
    server = LunasServer()
    unittest.addModuleCleanup(server.stop)
    server.attendant = server.enroll("Juru parkir aduan", "attendant", "ayp-01")
    server.supervisor = server.enroll("Pengawas aduan", "supervisor")
    server.start()
    driver = start_chromium()
    unittest.addModuleCleanup(driver.quit)


def photo_with_location():
    """A small PNG whose text chunk holds a GPS position, as a phone camera app might write."""
    path = os.path.join(tempfile.mkdtemp(prefix="lunas-photo-"), "foto.png")
    info = PngInfo()
    info.add_text("GPS", "-3.6954,128.1814")
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, pnginfo=info)
    return path


class ComplaintPagesTests(PageChecks, unittest.TestCase):
    def setUp(self):
        self.driver = driver

    def fill(self, category, description=None, receipt=None, zone=None, contact=None, photo=None):
        driver.find_element("css selector", f"input[name=category][value={category}]").click()
        if receipt:
            driver.find_element("id", "receiptCode").send_keys(receipt)
        if zone:
            driver.find_element("css selector", f"#zone option[value='{zone}']").click()
        if description:
            driver.find_element("id", "description").send_keys(description)
        if contact:
            driver.find_element("id", "contact").send_keys(contact)
        if photo:
            driver.find_element("id", "photo").send_keys(photo)
        return submit(driver, driver.find_element("css selector", "form[action^='/public/complaints'] button"))

    def test_file_follow_and_answer(self):
        issued = server.issue_ticket(server.attendant, "DE 5100 AD", "browser-complaint-1")
        self.assertEqual(open_page(driver, server.url("/aduan")), 200)
        self.assertIn("Sampaikan aduan", driver.find_element("tag name", "h1").text)
        self.check_page("public complaint form")
        answers = self.fill("overcharged", "Diminta Rp5.000 padahal tarif Rp2.000",
                            receipt=issued["invoice"]["receiptCode"], contact="0812 3456 7890",
                            photo=photo_with_location())
        self.assertEqual(answers[-1][1], 201, answers)
        body = driver.find_element("tag name", "body").text
        number = re.search(r"ADU-\d{6}-[0-9A-Z]{5}", body).group(0)
        self.check_page("public complaint filed", must_show=[GREEN_OK])
        status_link = driver.find_element("link text", "Lihat status aduan").get_attribute("href")
        self.assertEqual(open_page(driver, status_link), 200)
        self.assertIn("menunggu jawaban", driver.find_element("css selector", ".warn").text)
        self.check_page("public complaint open", must_show=[AMBER_WARN])
        answered = server.api("POST", f"/api/v1/complaints/{number}/answer", server.supervisor,
                              {"message": "Terima kasih. Juru parkir sudah kami panggil."})
        self.assertEqual(answered.status, 200, answered.text)
        resolved = server.api("POST", f"/api/v1/complaints/{number}/resolve", server.supervisor,
                              {"outcome": "restitution", "note": "Kelebihan bayar dikembalikan."})
        self.assertEqual(resolved.status, 200, resolved.text)
        self.assertEqual(open_page(driver, status_link), 200)
        text = driver.find_element("tag name", "body").text
        self.assertIn("Juru parkir sudah kami panggil", text)
        self.assertIn("uang Anda dikembalikan", text)
        self.assertNotIn("0812", text)
        self.assertNotIn("Juru parkir aduan", text)
        self.check_page("public complaint resolved", must_show=[GREEN_OK])

    def test_refused_form_keeps_what_was_typed(self):
        self.assertEqual(open_page(driver, server.url("/aduan")), 200)
        answers = self.fill("other", "Karcis tidak sah", receipt="LR1-TIDAKADA")
        self.assertEqual(answers[-1][1], 400, answers)
        self.assertIn("Kode bukti tidak dikenal", driver.find_element("css selector", ".bad").text)
        self.assertEqual(driver.find_element("id", "description").get_attribute("value"), "Karcis tidak sah")
        self.check_page("public complaint refused", must_show=[RED_BAD])

    def test_service_standard(self):
        self.assertEqual(open_page(driver, server.url("/standar-pelayanan")), 200)
        self.assertIn("Standar pelayanan", driver.find_element("tag name", "h1").text)
        self.assertIn("14 hari kerja", driver.find_element("tag name", "body").text)
        self.check_page("public service standard")

    def test_english_pages(self):
        # The form in English, refused in English (the hidden lang field), then filed and followed.
        self.assertEqual(open_page(driver, server.url("/aduan?lang=en")), 200)
        self.assertIn("File a complaint", driver.find_element("tag name", "h1").text)
        self.check_page("public complaint form english", lang="en")
        answers = self.fill("other", "Karcis tidak sah", receipt="LR1-TIDAKADA")
        self.assertEqual(answers[-1][1], 400, answers)
        self.assertIn("The receipt code is not known", driver.find_element("css selector", ".bad").text)
        self.assertEqual(driver.find_element("id", "description").get_attribute("value"), "Karcis tidak sah")
        self.check_page("public complaint refused english", must_show=[RED_BAD], lang="en")
        driver.find_element("id", "receiptCode").clear()
        answers = self.fill("no_ticket", zone="smr-01")
        self.assertEqual(answers[-1][1], 201, answers)
        self.assertIn("Complaint received", driver.find_element("tag name", "h1").text)
        self.check_page("public complaint filed english", must_show=[GREEN_OK], lang="en")
        status_link = driver.find_element("link text", "See the complaint's status").get_attribute("href")
        self.assertEqual(open_page(driver, status_link), 200)
        self.assertIn("waiting for an answer", driver.find_element("css selector", ".warn").text)
        self.check_page("public complaint open english", must_show=[AMBER_WARN], lang="en")
        # The link to the other language keeps the access code.
        indonesian = driver.find_element("link text", "Bahasa Indonesia").get_attribute("href")
        self.assertEqual(open_page(driver, indonesian), 200)
        self.assertIn("menunggu jawaban", driver.find_element("css selector", ".warn").text)
        self.assertEqual(driver.execute_script("return document.documentElement.lang"), "id")
        self.assertEqual(open_page(driver, server.url("/standar-pelayanan?lang=en")), 200)
        self.assertIn("Service standard", driver.find_element("tag name", "h1").text)
        self.assertIn("14 working days", driver.find_element("tag name", "body").text)
        self.check_page("public service standard english", lang="en")


if __name__ == "__main__":
    unittest.main()
