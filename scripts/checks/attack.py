#!/usr/bin/env python3
"""The loopback attacks of the hardening issue (#12, items 1-3 and 6-8), run against a real
`lunas serve` on 127.0.0.1: a hostile citizen, a careless integrator and a buggy bank.

Usage: attack.py LUNAS_BINARY CONFIG_DIR WORK_DIR

Every attack is a numbered step that prints what it tried and what the server did; any step whose
outcome is not the defended one fails the script (exit 1). Standard library only; RSA signatures
are made with the `openssl` command, as an acquirer holding the demo key would.
"""
import base64
import datetime
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

BINARY, CONFIG_DIR, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
CONFIG_FILE = os.path.join(CONFIG_DIR, "lunas.json")
DEMO_KEY = os.path.join(CONFIG_DIR, "acquirers/demo-keys/DEMO-ONLY-simulator-acquirer-private.pem")
CLIENT_ID = "lunas-demo-ambon"
PARTNER_ID = "LUNASDEMOAMBON"
NOTIFY_PATH = "/v1.0/qr/qr-mpm-notify"
WIB = datetime.timezone(datetime.timedelta(hours=7))

failures = []


def step(name, ok, detail=""):
    print(f"attack: {'ok  ' if ok else 'FAIL'} {name}{' — ' + detail if detail else ''}", flush=True)
    if not ok:
        failures.append(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lunas(*args, check=True):
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise SystemExit(f"attack: lunas {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


class Server:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.port = free_port()
        self.metrics_port = free_port()
        self.process = None

    def start(self):
        log = open(os.path.join(WORK, f"server-{self.port}.log"), "a")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--demo", "--config", CONFIG_FILE, "--host", "127.0.0.1",
             "--port", str(self.port), "--metrics-port", str(self.metrics_port), "--data-dir", self.data_dir],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "LOG_LEVEL": "warning"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"attack: the server exited {self.process.returncode} at start")
            try:
                if request("GET", self.url("/healthz"))[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("attack: /healthz never answered")

    def stop(self):
        self.process.terminate()
        code = self.process.wait(timeout=30)
        if code != 0:
            raise SystemExit(f"attack: the server exited {code} on SIGTERM")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def request(method, url, body=None, headers=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in (headers or {}):
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def api(server, method, path, token, body=None, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    status, raw, _ = request(method, server.url(path), body, headers)
    try:
        return status, json.loads(raw or b"null")
    except ValueError:
        return status, raw


def sign(timestamp):
    message = f"{CLIENT_ID}|{timestamp}".encode()
    signature = subprocess.run(
        ["openssl", "dgst", "-sha256", "-sign", DEMO_KEY], input=message, capture_output=True, check=True).stdout
    return base64.b64encode(signature).decode()


_external = [int(time.time() * 1000) % 10**12]


_used_stamps = set()


def notify_headers(seconds_ago, signature=None, timestamp=None):
    """Headers of a notify signed now minus `seconds_ago`, never a second already used by an earlier
    call (the clock may tick between two calls: now-15 s and, a second later, now-16 s are the same
    second, and the server rightly refuses a reused X-TIMESTAMP/X-SIGNATURE pair)."""
    _external[0] += 1
    stamp = timestamp
    while stamp is None or (timestamp is None and stamp in _used_stamps):
        stamp = (datetime.datetime.now(WIB) - datetime.timedelta(seconds=seconds_ago)).strftime(
            "%Y-%m-%dT%H:%M:%S+07:00")
        seconds_ago += 1
    _used_stamps.add(stamp)
    return {
        "Content-Type": "application/json", "X-TIMESTAMP": stamp, "X-SIGNATURE": signature or sign(stamp),
        "X-CLIENT-KEY": CLIENT_ID, "X-PARTNER-ID": PARTNER_ID, "X-EXTERNAL-ID": str(_external[0]),
        "CHANNEL-ID": "95221",
    }


def notify_body(bill, amount, rrn, issuer="OVO"):
    return {
        "originalReferenceNo": f"ATK{rrn}", "originalPartnerReferenceNo": bill, "latestTransactionStatus": "00",
        "transactionStatusDesc": "Success", "amount": {"value": f"{amount}.00", "currency": "IDR"},
        "paidTime": datetime.datetime.now(WIB).strftime("%Y-%m-%dT%H:%M:%S+07:00"),
        "additionalInfo": {"retrievalReferenceNo": rrn, "issuer": issuer},
    }


def notify(server, body, headers):
    status, raw, _ = request("POST", server.url(NOTIFY_PATH), json.dumps(body).encode(), headers)
    return status, raw.decode(errors="replace")


def invoice_status(server, token, invoice_id):
    status, body = api(server, "GET", f"/api/v1/invoices/{invoice_id}", token)
    return body["invoice"]["status"] if status == 200 else f"HTTP {status}"


def issue_ticket(server, token, plate, key, zone=None):
    body = {"plate": plate, "vehicleClass": "motorcycle"}
    if zone:
        body["zone"] = zone
    return api(server, "POST", "/api/v1/parking/tickets", token, body, key=key)


def main():
    data = os.path.join(WORK, "data")
    os.makedirs(data, mode=0o700, exist_ok=True)

    # 1. The configuration as shipped names a test-only acquirer with committed demo keys: without
    #    --demo the server refuses to start (exit 78), naming the profile and the key file.
    refused = lunas("serve", "--config", CONFIG_FILE, "--port", str(free_port()), "--data-dir", data, check=False)
    step("1 shipped config without --demo refuses to start", refused.returncode == 78
         and "simulator" in refused.stderr and "demo-keys" in refused.stderr,
         f"exit {refused.returncode}: {refused.stderr.strip()[:200]}")
    exposed = lunas("serve", "--demo", "--config", CONFIG_FILE, "--host", "0.0.0.0", "--port", str(free_port()),
                    "--data-dir", data, check=False)
    step("1 --demo refuses a non-loopback address", exposed.returncode != 0,
         f"exit {exposed.returncode}: {exposed.stderr.strip()[:200]}")

    def enrol(name, role, *zones):
        args = ["device", "enroll", "--name", name, "--role", role, "--data-dir", data]
        for zone in zones:
            args += ["--zone", zone]
        return lunas(*args).stdout.strip().splitlines()[-1]

    admin = enrol("attack admin", "admin")
    finance = enrol("attack finance", "finance")
    kiosk = enrol("attack kiosk", "kiosk")
    alice = enrol("attack attendant A", "attendant", "ayp-01")
    bob = enrol("attack attendant B", "attendant", "ayp-01")
    assert admin and finance and kiosk and alice and bob

    server = Server(data)
    server.start()
    try:
        attacks(server, admin, finance, kiosk, alice, bob)
    finally:
        server.stop()

    # After a restart: the replay cache still holds the captured pair, the huge amount does not
    # crash the sums, and nothing the attacks tried has changed the ledger.
    server.start()
    try:
        after_restart(server, finance, alice)
    finally:
        server.stop()
    verify = lunas("ledger", "verify", "--data-dir", data, check=False)
    step("ledger verify passes after the attacks", verify.returncode == 0, verify.stdout.strip()[-200:])


state = {}


def attacks(server, admin, finance, kiosk, alice, bob):
    # 4. Metrics are not on the public port.
    status, _, _ = request("GET", server.url("/metrics"))
    step("4 /metrics on the public port is 404", status == 404, f"HTTP {status}")
    status, _, _ = request("GET", f"http://127.0.0.1:{server.metrics_port}/metrics")
    step("4 /metrics answers on the metrics listener", status == 200, f"HTTP {status}")

    # 8. The same Idempotency-Key with another payer reference is a different request: 409.
    first, body = api(server, "POST", "/api/v1/invoices", kiosk,
                      {"fee": "PASAR-LOS-HARIAN", "payerReference": "LOS-A-001"}, key="attack-fee-1")
    again, other = api(server, "POST", "/api/v1/invoices", kiosk,
                       {"fee": "PASAR-LOS-HARIAN", "payerReference": "LOS-B-999"}, key="attack-fee-1")
    code = other.get("error", {}).get("code") if isinstance(other, dict) else None
    step("8 reused Idempotency-Key with another payerReference is 409 idempotency.keyReused",
         first == 201 and again == 409 and code == "idempotency.keyReused", f"{first}, then {again} {code}")

    # 7. Attendant B cannot cancel attendant A's invoice, nor issue outside its zones.
    status, issued = issue_ticket(server, alice, "DE 1001 AA", "attack-ticket-a1")
    assert status == 201, issued
    invoice_a = issued["invoice"]["id"]
    status, body = api(server, "POST", f"/api/v1/invoices/{invoice_a}/cancel", bob, {"reason": "salah input"})
    step("7 attendant B cancelling attendant A's invoice is 403", status == 403
         and invoice_status(server, alice, invoice_a) == "issued", f"HTTP {status}")
    status, body = issue_ticket(server, bob, "DE 1002 AA", "attack-ticket-b-zone", zone="lmn-01")
    step("7 attendant issuing outside its zones is 403", status == 403, f"HTTP {status}")

    # 2. rsa-client-timestamp signs only the client id and the timestamp: a captured header pair
    #    must not pay a second bill.
    bills = []
    for n in range(4):
        status, issued = issue_ticket(server, alice, f"DE 20{n}0 AB", f"attack-ticket-pay-{n}")
        assert status == 201, issued
        bills.append((issued["invoice"]["id"], issued["invoice"]["billNumber"], issued["invoice"]["amount"]))
    (paid_id, paid_bill, amount), (victim_id, victim_bill, victim_amount) = bills[0], bills[1]
    captured = notify_headers(seconds_ago=5)
    status, text = notify(server, notify_body(paid_bill, amount, "910000000001"), captured)
    step("2 a genuine signed notify pays its bill", status == 200 and invoice_status(server, alice, paid_id) == "paid",
         f"HTTP {status} {text[:120]}")
    replayed = dict(captured)
    replayed["X-EXTERNAL-ID"] = str(int(captured["X-EXTERNAL-ID"]) + 500)
    status, text = notify(server, notify_body(victim_bill, victim_amount, "910000000002"), replayed)
    step("2 the captured X-TIMESTAMP/X-SIGNATURE pair does not pay another bill",
         invoice_status(server, alice, victim_id) == "issued", f"HTTP {status} {text[:120]}")
    respelled = dict(replayed)
    respelled["X-EXTERNAL-ID"] = str(int(captured["X-EXTERNAL-ID"]) + 501)
    respelled["X-SIGNATURE"] = captured["X-SIGNATURE"] + "=="
    status, text = notify(server, notify_body(victim_bill, victim_amount, "910000000008"), respelled)
    step("2 the captured signature spelt with extra base64 padding does not pay another bill",
         invoice_status(server, alice, victim_id) == "issued", f"HTTP {status} {text[:120]}")
    state["replayed"] = (replayed, notify_body(victim_bill, victim_amount, "910000000003"), victim_id)

    # 3. An amount no QRIS payload can carry, for an unknown bill: answered 200 (so the bank stops
    #    retrying), recorded as an exception, and the sums over exceptions do not crash.
    status, text = notify(server, notify_body("AMBNOSUCHBILL0000000001", 9223372036854775807, "910000000004"),
                          notify_headers(seconds_ago=10))
    step("3 a notify with amount Int64.max is answered 200", status == 200, f"HTTP {status} {text[:120]}")
    status, _, _ = request("GET", f"http://127.0.0.1:{server.metrics_port}/metrics")
    step("3 /metrics still answers after the huge amount", status == 200, f"HTTP {status}")
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).strftime("%Y-%m-%d")
    status, report = api(server, "GET", f"/api/v1/reports/daily?date={today}", finance)
    step("3 the daily report still answers after the huge amount", status == 200, f"HTTP {status}")
    state["today"] = today

    # 6. A bank notify is never lost: the same RRN on two bills, an issuer over 64 bytes and an
    #    over-long bill number are all answered 200 and recorded.
    (third_id, third_bill, third_amount), (fourth_id, fourth_bill, fourth_amount) = bills[2], bills[3]
    notify(server, notify_body(third_bill, third_amount, "910000000005"), notify_headers(seconds_ago=15))
    status, text = notify(server, notify_body(fourth_bill, fourth_amount, "910000000005"),
                          notify_headers(seconds_ago=16))
    step("6 the same RRN on another bill is recorded (unique on bill number and RRN)",
         status == 200 and invoice_status(server, alice, third_id) == "paid"
         and invoice_status(server, alice, fourth_id) == "paid", f"HTTP {status} {text[:120]}")
    status, text = notify(server, notify_body(paid_bill, amount, "910000000006", issuer="X" * 65),
                          notify_headers(seconds_ago=20))
    step("6 an issuer name over 64 bytes is answered 200", status == 200, f"HTTP {status} {text[:120]}")
    status, text = notify(server, notify_body("AMB" + "9" * 40, 2000, "910000000007"),
                          notify_headers(seconds_ago=25))
    step("6 an over-long bill number is answered 200", status == 200, f"HTTP {status} {text[:120]}")
    odd = notify_body(third_bill, third_amount, "910000000009")
    odd["amount"]["currency"] = "idr"
    status, text = notify(server, odd, notify_headers(seconds_ago=30))
    step("6 a signed notify in a form Lunas cannot read (currency 'idr') is answered 200", status == 200,
         f"HTTP {status} {text[:120]}")


def after_restart(server, finance, alice):
    replayed, body, victim_id = state["replayed"]
    replayed = dict(replayed)
    replayed["X-EXTERNAL-ID"] = str(int(replayed["X-EXTERNAL-ID"]) + 1)
    status, text = notify(server, body, replayed)
    step("2 after a restart the captured pair still pays nothing",
         invoice_status(server, alice, victim_id) == "issued", f"HTTP {status} {text[:120]}")
    status, _ = api(server, "GET", f"/api/v1/reports/daily?date={state['today']}", finance)
    step("3 after a restart the daily report answers", status == 200, f"HTTP {status}")
    status, _, _ = request("GET", f"http://127.0.0.1:{server.metrics_port}/metrics")
    step("3 after a restart /metrics answers", status == 200, f"HTTP {status}")
    # The key id as docs/security.md says to compute it: the acquirer public key's DER, SHA-256.
    public_key = os.path.join(CONFIG_DIR, "acquirers/demo-keys/DEMO-ONLY-simulator-acquirer-public.pem")
    der = subprocess.run(["openssl", "pkey", "-pubin", "-in", public_key, "-outform", "DER"],
                         capture_output=True, check=True).stdout
    key_id = "rsa:" + hashlib.sha256(der).hexdigest()[:16]
    listing = lunas("ledger", "payments", "--data-dir", server.data_dir, "--verified-by", key_id, "--json",
                    check=False)
    try:
        listed = json.loads(listing.stdout)
    except ValueError:
        listed = {}
    reasons = sorted(e.get("reason", "") for e in listed.get("exceptions", []))
    step("1 every recorded notify names the key that verified it (payments and exceptions by key id)",
         listing.returncode == 0 and len(listed.get("payments", [])) >= 3
         and all(p.get("verifiedBy", {}).get("keyID") == key_id for p in listed.get("payments", []))
         and reasons.count("amount_out_of_range") == 1 and reasons.count("invalid_field") >= 2
         and reasons.count("unknown_invoice") >= 1, f"{key_id}: {len(listed.get('payments', []))} payments, {reasons}")


if __name__ == "__main__":
    main()
    if failures:
        print(f"attack: {len(failures)} attack(s) not defended: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)
    print("attack: every attack was defended")
