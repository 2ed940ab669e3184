#!/usr/bin/env bash
# The whole test suite: installs missing tools, builds, runs every test, then the extra checks
# (fuzzing for a bounded time, deploy file checks, the pages in headless chromium). Exits non-zero
# when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# The Swift toolchain of the Debian image lives in /opt/swift; add it when a login shell did not.
[ -x /opt/swift/usr/bin/swift ] && export PATH="$PATH:/opt/swift/usr/bin"

scripts/setup.sh --test
# Every temporary file of this run goes under one folder, removed when the run passes (the fixtures
# keep theirs: a run left some 400 folders and 750 MB in /tmp). A failed run keeps it for its logs.
# 0711: other users (PostgreSQL's, nginx's workers) may pass through to what is made for them.
test_tmp=$(mktemp -d /tmp/lunas-tests.XXXXXX)
chmod 711 "$test_tmp"
export TMPDIR="$test_tmp"
swift build --build-tests
# A throwaway PostgreSQL 15 cluster for the PostgreSQL store's tests, stopped and removed on exit;
# with LUNAS_REQUIRE_POSTGRES=1 a test that needs it fails instead of skipping when it is missing.
source scripts/lib/postgres-scratch.sh
postgres_scratch_start
finish() {
    local status=$?
    postgres_scratch_stop
    if [ "$status" -eq 0 ]; then
        rm -rf "$test_tmp"
    else
        echo "test.sh: this run's temporary files (the servers' logs among them) are kept in $test_tmp" >&2
    fi
}
trap finish EXIT
export LUNAS_REQUIRE_POSTGRES=1
run_swift_tests() { swift test --skip-build 2>&1 | tee .build/test-output.txt; }
# A loaded machine has shown a rare loopback failure in the in-process live servers ("I/O on closed
# channel", an empty 400: under investigation, see the session notes). A failed run is run once
# more, whole; a test that fails twice fails CI, and every test that failed once is printed loudly.
if ! run_swift_tests; then
    grep -E '^✘ Test .* failed after' .build/test-output.txt > .build/first-run-failures.txt || true
    echo "test.sh: the first run failed; running every Swift test once more:" >&2
    cat .build/first-run-failures.txt >&2
    run_swift_tests
    echo "test.sh: FLAKY: these failed in the first run and passed in the second full run:" >&2
    cat .build/first-run-failures.txt >&2
fi
# Swift Testing prints "Test run with N tests ... passed"; a run that ran nothing is a failure.
grep -Eq "Test run with [1-9][0-9]* tests? (in [0-9]+ suites? )?passed" .build/test-output.txt || {
    echo "test.sh: Swift Testing reported no passing run" >&2
    exit 1
}

for check in scripts/checks/*.sh; do
    [ -e "$check" ] || continue
    echo "== $check"
    bash "$check"
done
checks=$(ls scripts/checks/*.sh | wc -l)
tests=$(grep -Eo "Test run with [0-9]+ tests?" .build/test-output.txt | grep -Eo "[0-9]+" | tail -n 1)
echo "test.sh: all tests and checks passed in $((SECONDS - started)) s"
# The plain closing line CI reads: Swift tests plus the extra checks, all of which passed.
echo "tests: $((tests + checks)) passed, 0 failed"
