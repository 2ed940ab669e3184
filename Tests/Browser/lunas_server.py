"""A real `lunas serve --demo` for the browser tests: a free loopback port, a throwaway data
directory, the demo city of Config/, and the command-line steps (device enrolment, staff accounts)
that prepare its data. Standard library only.

The binary is $LUNAS_BINARY, else the debug build `.build/debug/lunas` of this checkout.
"""
import base64
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

REPOSITORY = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONFIG_FILE = os.path.join(REPOSITORY, "Config", "lunas.json")
# The demo acquirer's key signs payment notifies, as the simulator (a bank) would.
DEMO_ACQUIRER_KEY = os.path.join(
    REPOSITORY, "Config", "acquirers", "demo-keys", "DEMO-ONLY-simulator-acquirer-private.pem")
CLIENT_ID = "lunas-demo-ambon"
PARTNER_ID = "LUNASDEMOAMBON"
NOTIFY_PATH = "/v1.0/qr/qr-mpm-notify"
WIB = datetime.timezone(datetime.timedelta(hours=7))
# The demo city's own zone (Ambon, WIT): its days, and so "today" on its pages, run in it.
WIT = datetime.timezone(datetime.timedelta(hours=9))


_on_termination = []


def stop_on_termination(stop):
    """Runs `stop` (a server's or browser's) if the suite is ended by SIGTERM or SIGHUP (a CI
    time-out, a closed terminal), which unittest's cleanups would not see; a normal end or a failed
    test leaves that to the module cleanups."""
    if not _on_termination:
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, _terminate)
    _on_termination.append(stop)


def _terminate(number, _frame):
    for stop in reversed(_on_termination):
        try:
            stop()
        except Exception:
            pass
    os._exit(128 + number)


def binary():
    """The `lunas` executable under test."""
    path = os.environ.get("LUNAS_BINARY") or os.path.join(REPOSITORY, ".build", "debug", "lunas")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} is missing: build first (swift build) or set LUNAS_BINARY")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HTTPAnswer:
    """A status, headers and body, whatever the status (urllib raises on 4xx/5xx)."""

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body or b"null")

    @property
    def text(self):
        return self.body.decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(method, url, body=None, headers=None):
    """One request without following redirects; `body` is bytes, or JSON-encoded when not bytes."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in (headers or {}):
        request.add_header("Content-Type", "application/json")
    try:
        with _opener.open(request, timeout=30) as response:
            return HTTPAnswer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return HTTPAnswer(error.code, error.headers, error.read())


class LunasServer:
    """`lunas serve --demo` on 127.0.0.1 with its own data directory; `stop()` ends it (SIGTERM, and
    SIGKILL if it has not exited 30 s later) and removes the directory."""

    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="lunas-browser-")
        self.data = os.path.join(self.work, "data")
        os.makedirs(self.data, mode=0o700)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.work, "server.log")
        self.process = None
        self._external_id = int(time.time() * 1000) % 10**12
        self._used_stamps = set()

    # The command line, against the same data directory.

    def lunas(self, *args, stdin=None, check=True):
        result = subprocess.run(
            [binary(), *args], input=stdin, capture_output=True, text=True, timeout=120, cwd=REPOSITORY)
        if check and result.returncode != 0:
            raise RuntimeError(f"lunas {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def enroll(self, name, role, *zones):
        """Enrols a device; answers its bearer token (the last line printed)."""
        args = ["device", "enroll", "--name", name, "--role", role, "--data-dir", self.data,
                "--config", CONFIG_FILE]
        for zone in zones:
            args += ["--zone", zone]
        return self.lunas(*args).stdout.strip().splitlines()[-1]

    def add_staff(self, email, name, role, password, zones=()):
        """`lunas staff add … --password-stdin`; answers the finished process (check=False)."""
        args = ["staff", "add", "--email", email, "--name", name, "--role", role, "--password-stdin",
                "--data-dir", self.data]
        for zone in zones:
            args += ["--zone", zone]
        return self.lunas(*args, stdin=password + "\n", check=False)

    # The server.

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [binary(), "serve", "--demo", "--config", CONFIG_FILE, "--host", "127.0.0.1", "--port", str(self.port),
             "--metrics-port", "0", "--data-dir", self.data],
            stdout=log, stderr=subprocess.STDOUT, cwd=REPOSITORY, env={**os.environ, "LOG_LEVEL": "warning"})
        log.close()
        stop_on_termination(self.stop)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lunas serve exited {self.process.returncode} at start:\n{self.log_tail()}")
            try:
                if http("GET", self.url("/healthz")).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"/healthz never answered:\n{self.log_tail()}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.work, ignore_errors=True)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return ""

    def url(self, path):
        return self.base + path

    # The API, as a device and as the bank.

    def api(self, method, path, token, body=None, key=None):
        headers = {"Authorization": f"Bearer {token}"}
        if key:
            headers["Idempotency-Key"] = key
        return http(method, self.url(path), body, headers)

    def issue_ticket(self, token, plate, key):
        """Issues a motorcycle parking ticket; answers the issue response (JSON)."""
        answer = self.api("POST", "/api/v1/parking/tickets", token,
                          {"plate": plate, "vehicleClass": "motorcycle"}, key=key)
        if answer.status != 201:
            raise RuntimeError(f"issuing answered {answer.status}: {answer.text[:300]}")
        return answer.json()

    def pay(self, bill_number, amount, rrn):
        """Pays a bill with a notify signed by the demo acquirer's key (as the simulator does)."""
        self._external_id += 1
        stamp = None
        seconds_ago = 1
        while stamp is None or stamp in self._used_stamps:
            stamp = (datetime.datetime.now(WIB) - datetime.timedelta(seconds=seconds_ago)).strftime(
                "%Y-%m-%dT%H:%M:%S+07:00")
            seconds_ago += 1
        self._used_stamps.add(stamp)
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", DEMO_ACQUIRER_KEY], input=f"{CLIENT_ID}|{stamp}".encode(),
            capture_output=True, check=True).stdout
        headers = {
            "Content-Type": "application/json", "X-TIMESTAMP": stamp,
            "X-SIGNATURE": base64.b64encode(signature).decode(), "X-CLIENT-KEY": CLIENT_ID,
            "X-PARTNER-ID": PARTNER_ID, "X-EXTERNAL-ID": str(self._external_id), "CHANNEL-ID": "95221",
        }
        body = {
            "originalReferenceNo": f"BRW{rrn}", "originalPartnerReferenceNo": bill_number,
            "latestTransactionStatus": "00", "transactionStatusDesc": "Success",
            "amount": {"value": f"{amount}.00", "currency": "IDR"},
            "paidTime": datetime.datetime.now(WIB).strftime("%Y-%m-%dT%H:%M:%S+07:00"),
            "additionalInfo": {"retrievalReferenceNo": rrn, "issuer": "OVO"},
        }
        answer = http("POST", self.url(NOTIFY_PATH), json.dumps(body).encode(), headers)
        if answer.status != 200:
            raise RuntimeError(f"the notify answered {answer.status}: {answer.text[:300]}")
