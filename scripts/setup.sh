#!/usr/bin/env bash
# Installs what Lunas needs on Debian 12, only when missing.
#   scripts/setup.sh          build and run: the system libraries
#   scripts/setup.sh --test   also the test tools (real QR decoders, SVG rasteriser, load tools,
#                             python3-seccomp for the seccomp run of scripts/checks/deploy.sh,
#                             Debian's chromium and its chromedriver for the browser tests,
#                             PostgreSQL 15 for the PostgreSQL store's tests: scripts/lib/postgres-scratch.sh)
set -euo pipefail

runtime_packages=(pkg-config libqrencode-dev libsqlite3-dev zlib1g-dev tzdata jq)
test_packages=(zbar-tools librsvg2-bin sqlite3 openssl nginx systemd python3-seccomp curl chromium chromium-driver
    postgresql-15)
# PyPI name:import name. Pillow reads images for zxing-cpp and the pixel checks in tests;
# schemathesis fuzzes the live HTTP API against its OpenAPI document. Selenium drives Debian's
# chromium through /usr/bin/chromedriver (Tests/Browser), and axe-selenium-python runs axe-core in it.
python_packages=(zxing-cpp:zxingcpp pillow:PIL schemathesis:schemathesis selenium:selenium
    axe-selenium-python:axe_selenium_python)

want=("${runtime_packages[@]}")
[ "${1:-}" = "--test" ] && want+=("${test_packages[@]}")

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
    for entry in "${python_packages[@]}"; do
        p=${entry%%:*}
        module=${entry#*:}
        python3 -c "import ${module}" 2>/dev/null || {
            echo "setup: installing PyPI ${p}"
            python3 -m pip install -q --disable-pip-version-check "$p"
        }
    done
fi

command -v swift >/dev/null || {
    echo "setup: swift 6.3 is not on PATH; install the Swift toolchain for Debian 12 from swift.org" >&2
    exit 1
}
