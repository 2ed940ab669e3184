#!/usr/bin/env bash
# Acquirer configuration checks: the shipped profiles are JSON, no secret is written inline, every
# private key in the repository is a clearly named demo or test key, and each demo/test key pair
# matches (checked with OpenSSL, independently of the Swift code).
set -euo pipefail

command -v openssl >/dev/null || { echo "acquirer.sh: openssl is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "acquirer.sh: python3 is required" >&2; exit 1; }

for profile in Config/acquirers/*.json; do
    python3 - "$profile" <<'PY'
import json, sys
path = sys.argv[1]
profile = json.load(open(path))
for name, reference in profile.get("credentials", {}).items():
    if isinstance(reference, dict) and set(reference) - {"env", "file"}:
        sys.exit(f"{path}: credentials.{name} holds an inline secret")
PY
done

# Private keys may exist only as DEMO-ONLY (Config) or test (Tests) files.
while IFS= read -r file; do
    case "$file" in
        Config/acquirers/demo-keys/DEMO-ONLY-*|Tests/AcquirerTests/Fixtures/test-*) ;;
        *) echo "acquirer.sh: private key outside the demo/test folders: $file" >&2; exit 1 ;;
    esac
done < <(grep -rl -- "-----BEGIN .*PRIVATE KEY-----" Config Tests Sources 2>/dev/null || true)

check_pair() {
    local private="$1" public="$2"
    diff <(openssl pkey -in "$private" -pubout 2>/dev/null) "$public" >/dev/null \
        || { echo "acquirer.sh: $private does not match $public" >&2; exit 1; }
    [ "$(openssl pkey -in "$private" -noout -text 2>/dev/null | head -1 | grep -o '[0-9]\+ bit')" = "2048 bit" ] \
        || { echo "acquirer.sh: $private is not RSA-2048" >&2; exit 1; }
}
check_pair Config/acquirers/demo-keys/DEMO-ONLY-lunas-partner-private.pem Config/acquirers/demo-keys/DEMO-ONLY-lunas-partner-public.pem
check_pair Config/acquirers/demo-keys/DEMO-ONLY-simulator-acquirer-private.pem Config/acquirers/demo-keys/DEMO-ONLY-simulator-acquirer-public.pem
check_pair Tests/AcquirerTests/Fixtures/test-partner-private.pem Tests/AcquirerTests/Fixtures/test-partner-public.pem
check_pair Tests/AcquirerTests/Fixtures/test-acquirer-private.pem Tests/AcquirerTests/Fixtures/test-acquirer-public.pem
python3 -m json.tool Config/settlement-profiles/lunas-simulator.json >/dev/null
echo "acquirer.sh: profiles, demo keys and settlement profile OK"
