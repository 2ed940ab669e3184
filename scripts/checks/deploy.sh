#!/usr/bin/env bash
# Checks the deploy files as far as this machine can: the systemd unit with systemd-analyze, the
# nginx site with `nginx -t` inside a throw-away nginx.conf with a self-signed certificate, and
# `lunas serve` itself under a seccomp filter equivalent to the unit's SystemCallFilter= lines
# (systemd-analyze verify cannot see which system calls the binary makes): start-up, requests of
# every kind, a clean SIGTERM stop. (The Dockerfile cannot be built here: no Docker engine.)
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# systemd-analyze wants ExecStart's binary to exist: point the unit at the one just built.
binary="$(swift build --show-bin-path)/lunas"
[ -x "$binary" ] || { echo "deploy.sh: $binary is missing; build first" >&2; exit 1; }
# `systemd-analyze verify` only warns (exit 0) about an unknown key or a bad value: any output fails.
verify_unit() {
    local output
    output=$(systemd-analyze verify "$1" 2>&1) || { echo "$output" >&2; echo "deploy.sh: $1 does not verify" >&2; exit 1; }
    [ -z "$output" ] || { echo "$output" >&2; echo "deploy.sh: systemd-analyze verify warns about $1" >&2; exit 1; }
}
sed "s|/opt/lunas/bin/lunas|$binary|" deploy/lunas.service > "$work/lunas.service"
verify_unit "$work/lunas.service"
echo "deploy.sh: systemd unit verifies"
# The template for several nodes on one host (issue #18), verified as an instance: each instance
# reads its own environment file and keeps its own state directory, under the one unit's hardening.
sed "s|/opt/lunas/bin/lunas|$binary|" 'deploy/lunas@.service' > "$work/lunas@node1.service"
verify_unit "$work/lunas@node1.service"
grep -qx 'EnvironmentFile=/etc/lunas/%i.env' 'deploy/lunas@.service' \
    || { echo "deploy.sh: lunas@.service does not read /etc/lunas/%i.env" >&2; exit 1; }
grep -qx 'StateDirectory=lunas/%i' 'deploy/lunas@.service' \
    || { echo "deploy.sh: lunas@.service instances do not have state directories of their own" >&2; exit 1; }
diff <(sed -n '/^# Hardening:/,$p' deploy/lunas.service) <(sed -n '/^# Hardening:/,$p' 'deploy/lunas@.service') >&2 \
    || { echo "deploy.sh: lunas@.service's hardening differs from lunas.service's (above)" >&2; exit 1; }
echo "deploy.sh: systemd template unit lunas@.service verifies, with lunas.service's hardening"

# nginx: the site inside a minimal main configuration, certificates generated on the spot.
mkdir -p "$work/nginx/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=lunas.example.go.id" \
    -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1
sed -e "s|/etc/ssl/lunas/fullchain.pem|$work/fullchain.pem|" -e "s|/etc/ssl/lunas/privkey.pem|$work/privkey.pem|" \
    -e "s|/etc/nginx/lunas-upstream.conf|$work/nginx/upstream.conf|" \
    deploy/nginx-lunas.conf > "$work/nginx/lunas.conf"
cp deploy/nginx-lunas-upstream.conf "$work/nginx/upstream.conf"
cat > "$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    include $work/nginx/lunas.conf;
}
CONF
nginx -t -p "$work/nginx" -c "$work/nginx/nginx.conf"
echo "deploy.sh: nginx site passes nginx -t"
cp deploy/nginx-lunas-upstream-nodes.conf "$work/nginx/upstream.conf"
nginx -t -p "$work/nginx" -c "$work/nginx/nginx.conf"
grep -Eq '^ *server [^;]* max_fails=[0-9]+ fail_timeout=[0-9]+s;' deploy/nginx-lunas-upstream-nodes.conf \
    || { echo "deploy.sh: the nodes' upstream has no passive health check (max_fails, fail_timeout)" >&2; exit 1; }
# Only a POST with an Idempotency-Key may be sent to a second node after the first got it.
[ "$(grep -v '^ *#' deploy/nginx-lunas.conf | grep -c 'non_idempotent')" -eq 1 ] \
    && sed -n '/location \^~ \/__lunas_keyed\//,/^    }/p' deploy/nginx-lunas.conf | grep -q non_idempotent \
    || { echo "deploy.sh: proxy_next_upstream non_idempotent must appear only in the keyed-POST location" >&2; exit 1; }
echo "deploy.sh: nginx site with the two nodes' upstream passes nginx -t"

# The site over two nodes, run: node "down" takes each request and closes without an answer (a node
# dying mid-request), node "up" answers. A POST with an Idempotency-Key that reaches "down" is resent to
# "up"; one without a key is never sent to a second node once sent; reads are resent.
free_tcp_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
down_port=$(free_tcp_port); up_port=$(free_tcp_port); https_port=$(free_tcp_port); http_port=$(free_tcp_port)
cat > "$work/node.py" <<'PY'
import json, socketserver, sys
port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class Node(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            line = self.rfile.readline()
            if not line: return
            method, target = line.decode().split()[:2]
            headers = {}
            while (header := self.rfile.readline().decode().strip()):
                name, _, value = header.partition(":")
                headers[name.strip().lower()] = value.strip()
            self.rfile.read(int(headers.get("content-length", "0")))
            with open(log, "a") as out:
                out.write(json.dumps([method, target, headers.get("idempotency-key", "")]) + "\n")
            if mode == "down": return
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nup")
class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
Server(("127.0.0.1", port), Node).serve_forever()
PY
python3 "$work/node.py" "$down_port" down "$work/down.log" & pids+=($!)
python3 "$work/node.py" "$up_port" up "$work/up.log" & pids+=($!)
# Both nodes listen before nginx starts: a node still starting would refuse, and nginx answer 502.
python3 - "$down_port" "$up_port" <<'PY'
import socket, sys, time
for port in map(int, sys.argv[1:]):
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline: sys.exit(f"deploy.sh: test node on port {port} did not start in 20 s")
            time.sleep(0.05)
PY
# The same site and upstream, on free loopback ports; max_fails=0 keeps "down" in the rotation.
sed -e "s|127.0.0.1:8081 max_fails=3|127.0.0.1:$down_port max_fails=0|" \
    -e "s|127.0.0.1:8082 max_fails=3|127.0.0.1:$up_port max_fails=0|" \
    deploy/nginx-lunas-upstream-nodes.conf > "$work/nginx/upstream.conf"
sed -i -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl;|" -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e '/listen \[::\]/d' "$work/nginx/lunas.conf"
grep -q "127.0.0.1:$down_port max_fails=0" "$work/nginx/upstream.conf" \
    || { echo "deploy.sh: could not point the nodes' upstream at the test nodes" >&2; exit 1; }
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' & pids+=($!)
ready=no
for _ in $(seq 200); do
    curl -ksf -o /dev/null --resolve "lunas.example.go.id:$https_port:127.0.0.1" "https://lunas.example.go.id:$https_port/healthz" \
        && { ready=yes; break; }
    sleep 0.1
done
[ "$ready" = yes ] || { echo "deploy.sh: nginx over two nodes did not answer /healthz with 200 in 20 s" >&2; exit 1; }
# The readiness probe may itself have reached a node: the nodes' logs start after it.
: > "$work/down.log"
: > "$work/up.log"
python3 - "$https_port" "$work/down.log" "$work/up.log" <<'PY'
import json, subprocess, sys
port, down_log, up_log = sys.argv[1:4]
def request(method, path, key=None):
    command = ["curl", "-ks", "-o", "/dev/null", "-w", "%{http_code}", "-X", method,
        "--resolve", f"lunas.example.go.id:{port}:127.0.0.1", f"https://lunas.example.go.id:{port}{path}"]
    if method == "POST": command += ["-H", "Content-Type: application/json", "--data", "{}"]
    if key: command += ["-H", f"Idempotency-Key: {key}"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout
def seen(log):
    try: return [json.loads(line) for line in open(log)]
    except FileNotFoundError: return []
def fail(what): sys.exit(f"deploy.sh: nginx over two nodes: {what}")
for n in range(6):
    status = request("POST", f"/api/v1/parking/tickets?n={n}", key=f"key-{n}")
    if status != "200": fail(f"a keyed POST answered {status}, not 200 from the node that is up")
for n in range(6):
    status = request("POST", f"/api/v1/invoices/unkeyed-{n}/cancel")
    got = [entry for entry in seen(down_log) + seen(up_log) if entry[1] == f"/api/v1/invoices/unkeyed-{n}/cancel"]
    if len(got) != 1: fail(f"a POST without a key reached {len(got)} nodes, not 1")
    if status != ("502" if got[0] in seen(down_log) else "200"): fail(f"a POST without a key answered {status}")
for n in range(4):
    status = request("GET", f"/api/v1/invoices/read-{n}")
    if status != "200": fail(f"a GET answered {status}, not 200 from the node that is up")
down, up = seen(down_log), seen(up_log)
if not any(entry[2] for entry in down): fail("no keyed POST reached the node that is down (nothing was resent)")
if not any(entry[0] == "POST" and not entry[2] for entry in down): fail("no unkeyed POST reached the node that is down")
resent = [entry for entry in down if entry[2]]
if any(entry not in up for entry in resent): fail("a keyed POST that reached the node that is down was not resent to the other")
odd = [entry for entry in down + up if not entry[1].startswith("/api/v1/")]
if odd: fail(f"a node saw a path the client did not send: {odd}")
print(f"deploy.sh: nginx over two nodes: {len(resent)} keyed POSTs resent after a node failed, unkeyed POSTs never sent twice, reads resent")
PY

# The env example must list every variable `lunas serve` reads (the table ServerSetting.all).
variables=$(grep -o 'environment: "[A-Z_]*"' Sources/API/ServerSetting.swift | sed 's/environment: "\(.*\)"/\1/' | sort -u)
[ -n "$variables" ] || { echo "deploy.sh: found no settings in Sources/API/ServerSetting.swift" >&2; exit 1; }
for variable in $variables; do
    grep -q "^$variable=" deploy/lunas.env.example || { echo "deploy.sh: $variable missing from deploy/lunas.env.example" >&2; exit 1; }
    grep -q "\`$variable\`" README.md || { echo "deploy.sh: $variable missing from README.md" >&2; exit 1; }
done
echo "deploy.sh: env example and README list every setting"

# nginx must not forward /metrics (Lunas serves it on its own loopback listener).
grep -q 'location = /metrics' deploy/nginx-lunas.conf || { echo "deploy.sh: nginx site does not deny /metrics" >&2; exit 1; }

# The image ships no demo key and names no acquirer (read, not built: no Docker engine here).
grep -q '^Config/acquirers/demo-keys/$' .dockerignore || { echo "deploy.sh: .dockerignore lets demo-keys/ into the build context" >&2; exit 1; }
if grep -E '^COPY +Config/? +/etc/lunas' deploy/Dockerfile; then
    echo "deploy.sh: the Dockerfile copies Config/ (with the demo acquirer) into /etc/lunas" >&2; exit 1
fi

# --- lunas serve under the unit's system-call filter --------------------------------------------
grep -qx 'SystemCallErrorNumber=EPERM' deploy/lunas.service \
    || { echo "deploy.sh: the unit lacks SystemCallErrorNumber=EPERM (a denied call would kill the service)" >&2; exit 1; }
# Debian's python3-seccomp (scripts/setup.sh --test) for the system python, not a pyenv one.
seccomp_python=/usr/bin/python3
"$seccomp_python" -c 'import seccomp' 2>/dev/null \
    || { echo "deploy.sh: $seccomp_python lacks the seccomp module; run scripts/setup.sh --test" >&2; exit 1; }
# The allowed set, computed as systemd does from the unit's SystemCallFilter= lines in order: the
# first (an allow list) starts the set, "~" lines remove, later lines add back. Groups are expanded
# with `systemd-analyze syscall-filter`. Anything outside the set KILLS the process (the unit says
# EPERM; killing proves that nothing the unit denies is ever called).
systemd-analyze syscall-filter > "$work/groups.txt"
grep '^SystemCallFilter=' deploy/lunas.service | sed 's/^SystemCallFilter=//' > "$work/filter-lines.txt"
cat > "$work/seccomp-exec.py" <<'PY'
import os, sys, seccomp
groups, current = {}, None
for raw in open(sys.argv[1]):
    line = raw.strip()
    if not line or line.startswith("#"):
        continue
    if raw.startswith("@"):
        current = line
        groups[current] = []
    elif current is not None:
        groups[current].append(line)
def expand(name, seen=()):
    if not name.startswith("@"):
        return {name}
    if name not in groups:
        sys.exit(f"seccomp-exec: unknown system call group {name}")
    out = set()
    for member in groups[name]:
        if member not in seen:
            out |= expand(member, seen + (name,))
    return out
allowed = None
for text in open(sys.argv[2]):
    text = text.strip()
    deny = text.startswith("~")
    names = set().union(*(expand(n) for n in text.lstrip("~").split()))
    if allowed is None:
        if deny:
            sys.exit("seccomp-exec: the unit's first SystemCallFilter= must be an allow list")
        allowed = names
    elif deny:
        allowed -= names
    else:
        allowed |= names
f = seccomp.SyscallFilter(defaction=seccomp.KILL_PROCESS)
for name in sorted(allowed):
    try:
        f.add_rule(seccomp.ALLOW, name)
    except (RuntimeError, ValueError, OSError):
        pass  # not a system call of this architecture
with open(sys.argv[3], "w") as report:
    report.write("\n".join(sorted(allowed)) + "\n")
# The unit runs as User=lunas: as root (CI) drop to nobody first, or SQLite would fchown(2) its
# journal to the database's owner, a call only root makes and @privileged denies.
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
f.load()
os.execv(sys.argv[4], sys.argv[4:])
PY
confined() { exec "$seccomp_python" "$work/seccomp-exec.py" "$work/groups.txt" "$work/filter-lines.txt" "$work/allowed.txt" "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port); sim_port=$(free_port); metrics_port=$(free_port)
data="$work/data"
mkdir -p "$data"
if [ "$(id -u)" -eq 0 ]; then chmod 0711 "$work"; chown 65534:65534 "$data"; fi
attendant=$(confined "$binary" device enroll --name "Deploy check" --role attendant --zone ayp-01 --data-dir "$data" | tail -1)
finance=$(confined "$binary" device enroll --name "Deploy finance" --role finance --data-dir "$data" | tail -1)
# libdispatch calls setpriority(2) when its worker threads start (issue 12, item 5).
grep -qx setpriority "$work/allowed.txt" || { echo "deploy.sh: the unit's filter denies setpriority, which lunas calls at start" >&2; exit 1; }
LOG_LEVEL=warning "$binary" acquirer-sim --demo --port "$sim_port" --notify-url "http://127.0.0.1:$api_port" \
    --data-dir "$work/sim" >"$work/sim.log" 2>&1 &
pids+=($!)
confined "$binary" serve --demo --port "$api_port" --metrics-port "$metrics_port" --data-dir "$data" \
    --acquirer-url "http://127.0.0.1:$sim_port" >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 300); do
    grep -qs "listening on 127.0.0.1:$api_port" "$work/serve.log" && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
done
grep -qs "listening on 127.0.0.1:$api_port" "$work/serve.log" || {
    cat "$work/serve.log" >&2
    wait "$serve_pid"; status=$?
    echo "deploy.sh: lunas serve did not start under the unit's seccomp filter (exit status $status; 159 = killed by SIGSYS)" >&2
    exit 1
}
for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$sim_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$sim_port/healthz" >/dev/null \
    || { cat "$work/sim.log" >&2; echo "deploy.sh: the acquirer simulator did not answer /healthz in 30 s" >&2; exit 1; }
python3 - "$api_port" "$sim_port" "$metrics_port" "$attendant" "$finance" "$binary" <<'PY'
import datetime, json, subprocess, sys, urllib.request
api, sim, metrics, attendant, finance, binary = sys.argv[1:7]
base = f"http://127.0.0.1:{api}"
def call(method, url, token=None, body=None, content_type="application/json", key=None):
    request = urllib.request.Request(url, data=body, method=method)
    if token: request.add_header("Authorization", f"Bearer {token}")
    if body is not None: request.add_header("Content-Type", content_type)
    if key: request.add_header("Idempotency-Key", key)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()
def check(what, condition):
    if not condition: sys.exit(f"deploy.sh: {what} failed under the seccomp filter")
status, _, _ = call("GET", base + "/healthz"); check("GET /healthz", status == 200)
status, _, body = call("POST", base + "/api/v1/parking/tickets", attendant,
    json.dumps({"plate": "DE 1234 AB", "vehicleClass": "motorcycle", "zone": "ayp-01"}).encode(), key="deploy-1")
check("issuing a ticket", status == 201)
invoice = json.loads(body)["invoice"]
status, kind, png = call("GET", f"{base}/api/v1/invoices/{invoice['id']}/qr.png", attendant)
check("the QR as PNG", status == 200 and png[:8] == b"\x89PNG\r\n\x1a\n")
paid = subprocess.run([binary, "acquirer-sim", "pay", invoice["qris"], "--url", f"http://127.0.0.1:{sim}"],
    capture_output=True, text=True)
check("paying at the simulator", paid.returncode == 0)
status, _, body = call("GET", f"{base}/api/v1/invoices/{invoice['id']}?wait=30", attendant)
after = json.loads(body)["invoice"]
check("the signed notify (invoice paid)", after["status"] == "paid")
status, _, _ = call("GET", f"{base}/public/receipts/{after['receiptCode']}")
check("the public receipt", status == 200)
day = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()
status, _, csv = call("GET", f"http://127.0.0.1:{sim}/sim/settlement?paidOn={day}")
check("the simulator's settlement file", status == 200)
status, _, _ = call("POST", base + "/api/v1/settlements?profile=lunas-simulator", finance, csv, "text/csv")
check("the settlement upload", status in (200, 201))
status, _, text = call("GET", f"http://127.0.0.1:{metrics}/metrics")
check("the metrics listener", status == 200 and b"lunas_payments_today" in text)
PY
kill -TERM "$serve_pid"
set +e; wait "$serve_pid"; status=$?; set -e
pids=("${pids[@]/$serve_pid}")
if [ "$status" -ne 0 ]; then
    cat "$work/serve.log" >&2
    echo "deploy.sh: lunas serve under the unit's seccomp filter ended with status $status, not 0 (159 = killed by SIGSYS: a denied system call)" >&2
    exit 1
fi
echo "deploy.sh: lunas serve ran start-up, healthz, issue, QR PNG, notify, receipt, settlement upload, metrics and a SIGTERM stop under the unit's system-call filter"
