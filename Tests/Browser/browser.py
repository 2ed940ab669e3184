"""Debian's chromium, headless, through /usr/bin/chromedriver (given to Selenium explicitly: its
driver manager downloads drivers, which cannot work here), and the checks every page gets:
screenshots at a desktop and a phone size, a pixel check of each, and an axe-core run that fails on
any `serious` or `critical` violation.

Screenshots go to $LUNAS_SCREENSHOTS, else `.build/browser-screenshots/` of this checkout (CI keeps
the folder); each path is printed.
"""
import io
import json
import os
import re

from axe_selenium_python import Axe
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from lunas_server import REPOSITORY, stop_on_termination

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The two sizes the issue names: a 1280 px desktop and a 412 px phone (a common Android width).
SIZES = {"desktop": (1280, 900), "phone": (412, 915)}
SCREENSHOTS = os.environ.get("LUNAS_SCREENSHOTS") or os.path.join(REPOSITORY, ".build", "browser-screenshots")
BLOCKING_IMPACTS = ("serious", "critical")


def start_chromium():
    """A headless chromium with a clean profile; the caller quits it."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise RuntimeError(f"{path} is missing: run scripts/setup.sh --test (Debian's chromium, chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-extensions", "--hide-scrollbars", "--lang=id-ID",
                     "--window-size=1280,900", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    # The performance log carries the network events: the HTTP status of each page loaded.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    stop_on_termination(driver.quit)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    return driver


def open_page(driver, url):
    """Loads `url`; answers the HTTP status of the document finally shown (after redirects)."""
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(url)
    return document_status(driver)


def document_statuses(driver):
    """The documents the browser received since the performance log was last read, in order, as
    (url, status): each redirect (a 303 after a form) and then where the browser landed."""
    answers = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent" and params.get("type") == "Document" \
                and "redirectResponse" in params:
            answers.append((params["redirectResponse"]["url"], params["redirectResponse"]["status"]))
        elif message.get("method") == "Network.responseReceived" and params.get("type") == "Document":
            answers.append((params["response"]["url"], params["response"]["status"]))
    return answers


def document_status(driver):
    """The HTTP status of the last document the browser received (see ``document_statuses``)."""
    answers = document_statuses(driver)
    return answers[-1][1] if answers else None


def submit(driver, button):
    """Clicks a form's submit button and waits for the answer; answers ``document_statuses``."""
    driver.get_log("performance")
    old = driver.find_element("tag name", "html")
    button.click()
    wait_for_new_page(driver, old)
    return document_statuses(driver)


def wait_for_new_page(driver, old_html, timeout=30):
    """Waits until the document `old_html` (an element of the previous page) is gone and the new
    one has loaded."""
    def replaced(d):
        try:
            old_html.tag_name
            return False
        except Exception:
            return d.execute_script("return document.readyState") == "complete"
    WebDriverWait(driver, timeout).until(replaced)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def screenshots(driver, name, folder=None):
    """Screenshots of the page now shown, at each size of ``SIZES``, written as PNG files into
    `folder` (``SCREENSHOTS`` by default); answers
    {size name: path}. The page is laid out again (not reloaded: it may be the answer to a POST) under
    device metrics that set exactly that viewport (a phone size as a mobile viewport, so the page's
    viewport meta applies)."""
    folder = folder or SCREENSHOTS
    os.makedirs(folder, exist_ok=True)
    paths = {}
    try:
        for label, (width, height) in SIZES.items():
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
            driver.execute_script("window.scrollTo(0, 0)")
            path = os.path.join(folder, f"{slug(name)}-{width}x{height}.png")
            with open(path, "wb") as file:
                file.write(driver.get_screenshot_as_png())
            print(f"browser: screenshot {path}", flush=True)
            paths[label] = path
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return paths


class PixelReport:
    """What a screenshot holds: its size, how many distinct colours, and the share of pixels that are
    not the page background (the most common colour)."""

    def __init__(self, png_bytes):
        image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
        self.size = image.size
        colours = image.getcolors(maxcolors=image.size[0] * image.size[1])
        colours.sort(reverse=True)
        self.colours = {colour for _, colour in colours}
        self.distinct = len(colours)
        self.background = colours[0][1]
        total = image.size[0] * image.size[1]
        self.ink_share = 1 - colours[0][0] / total

    def has_colour(self, rgb, tolerance=3):
        return any(all(abs(a - b) <= tolerance for a, b in zip(colour, rgb)) for colour in self.colours)


def pixel_problems(path, expected_size, must_show=()):
    """Why the screenshot at `path` does not look like a rendered page, or [] when it does: the
    right size, not blank (more than 16 distinct colours and at least 0.05 % of pixels not the
    background: one anti-aliased heading alone gives both), a light page background (Chromium's own error
    pages and a crashed tab are grey or dark), and each colour of `must_show` (RGB tuples, such as
    the green of a paid receipt's box) present."""
    with open(path, "rb") as file:
        report = PixelReport(file.read())
    problems = []
    if report.size != expected_size:
        problems.append(f"size {report.size}, expected {expected_size}")
    if report.distinct <= 16:
        problems.append(f"only {report.distinct} distinct colours: blank")
    if report.ink_share < 0.0005:
        problems.append(f"only {report.ink_share:.2%} of pixels differ from the background: blank")
    if min(report.background) < 0xF0:
        problems.append(f"background {report.background} is not a light page background")
    for rgb in must_show:
        if not report.has_colour(rgb):
            problems.append(f"no pixel of colour #{''.join(f'{c:02x}' for c in rgb)}")
    return problems


def axe_violations(driver):
    """axe-core's `serious` and `critical` violations on the page now shown (all rules)."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations):
    """The violations, one rule a paragraph, each element with axe's reason."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            reasons = [check["message"] for kind in ("any", "all", "none") for check in node.get(kind, [])]
            lines.append(f"    {target}: {node['html'][:160]}")
            for reason in reasons[:3]:
                lines.append(f"        {reason}")
    return "\n".join(lines)


def not_chromium_error_page(driver):
    """Chromium's own error pages (connection refused, …) are documents at chrome-error:// (the
    WebDriver URL still names the address asked for) with a body of class `neterror`."""
    url, body_class = driver.execute_script("return [document.URL, document.body ? document.body.className : '']")
    return not url.startswith("chrome-error://") and "neterror" not in body_class.split()


class PageChecks:
    """Mixin for unittest.TestCase with a `driver`: the checks every page gets."""

    driver = None

    def check_page(self, name, must_show=(), lang="id"):
        """The page now shown: `<html lang>`, no serious/critical axe violation,
        screenshots at both sizes that pass the pixel check."""
        self.assertTrue(not_chromium_error_page(self.driver), f"{name}: Chromium shows an error page")
        self.assertEqual(self.driver.execute_script("return document.documentElement.lang"), lang,
                         f"{name}: <html lang>")
        violations = axe_violations(self.driver)
        self.assertEqual(violations, [], f"{name}: axe-core found serious/critical violations:\n"
                         + describe_violations(violations))
        for label, path in screenshots(self.driver, name).items():
            problems = pixel_problems(path, SIZES[label], must_show)
            self.assertEqual(problems, [], f"{name} at {label} ({path}): {'; '.join(problems)}")
