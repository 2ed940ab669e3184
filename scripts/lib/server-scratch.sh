# Sourced by the checks that start a server: a scratch directory `$work`, the server's pid in
# `$server_pid` (set it after starting the server), and an EXIT trap that stops the server
# (SIGTERM, then waits for it) and removes `$work`. A check that must clean up more defines its
# own `cleanup` after sourcing this file, calling `stop_server`.
work=$(mktemp -d)
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT
