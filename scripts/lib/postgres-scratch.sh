# A throwaway PostgreSQL 15 cluster for the tests (issue #18). Source it, then call
# `postgres_scratch_start`; it exports
#   LUNAS_TEST_DATABASE_URL             postgres://lunas_test@127.0.0.1:PORT/lunas_test?sslmode=disable
#   LUNAS_TEST_DATABASE_PASSWORD_FILE   the role's password, in a 0600 file (never in the URL)
#   LUNAS_TEST_POSTGRES_TLS             1 when the cluster also accepts TLS (a self-signed certificate);
#                                       then the role lunas_tls (same password, a member of lunas_test)
#                                       may log in over TLS only, so a test can prove TLS was spoken
# and installs an EXIT trap (and INT/TERM traps that exit) that stops the server and removes every
# file of it, also when the caller fails. `postgres_scratch_stop` does the same by hand.
#
# Nothing pre-existing is assumed or touched: `initdb` writes into a new temporary directory, the
# server listens on 127.0.0.1 on a free port only, with its Unix socket in a private directory. The
# server runs as the unprivileged `postgres` user through `runuser` when the caller is root (CI is
# root and initdb refuses root), as the caller otherwise. The role `lunas_test` may create
# databases, so each test makes its own. For tests fsync is off; `POSTGRES_SCRATCH_DURABLE=1` keeps
# fsync and full-page writes on (the benchmarks).
#
# A developer's shell: `source scripts/lib/postgres-scratch.sh && postgres_scratch_start`.

postgres_scratch_bin=${POSTGRES_SCRATCH_BIN:-/usr/lib/postgresql/15/bin}
postgres_scratch_dir=""
postgres_scratch_port=""

# Runs a command as the user that owns the cluster.
postgres_scratch_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

postgres_scratch_stop() {
    [ -n "$postgres_scratch_dir" ] || return 0
    if [ -f "$postgres_scratch_dir/data/postmaster.pid" ]; then
        # A fast (clean) shutdown waits for every server process: an immediate one leaves
        # processes writing while the directory is removed. fsync is off, so it takes moments.
        postgres_scratch_as_owner "$postgres_scratch_bin/pg_ctl" -D "$postgres_scratch_dir/data" \
            -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$postgres_scratch_dir" 2>/dev/null || { sleep 1; rm -rf "$postgres_scratch_dir"; }
    postgres_scratch_dir=""
}

# A free TCP port on 127.0.0.1 (bound to port 0 and released; the start retries on a lost race).
postgres_scratch_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

postgres_scratch_fail() {
    echo "postgres-scratch: $1" >&2
    [ -f "$postgres_scratch_dir/server.log" ] && tail -n 20 "$postgres_scratch_dir/server.log" >&2
    postgres_scratch_stop
    return 1
}

postgres_scratch_start() {
    [ -x "$postgres_scratch_bin/initdb" ] || {
        echo "postgres-scratch: no $postgres_scratch_bin/initdb; run scripts/setup.sh --test (postgresql-15)" >&2
        return 1
    }
    trap postgres_scratch_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # Under /tmp, whatever TMPDIR says: the postgres user must be able to reach it.
    postgres_scratch_dir=$(mktemp -d /tmp/lunas-postgres.XXXXXX)
    # The owner (postgres) must reach data/ and socket/ below; the password file stays the caller's.
    chmod 0711 "$postgres_scratch_dir"
    local data="$postgres_scratch_dir/data" socket="$postgres_scratch_dir/socket"
    mkdir -m 0700 "$data" "$socket"
    touch "$postgres_scratch_dir/server.log"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$data" "$socket" "$postgres_scratch_dir/server.log"
    fi

    postgres_scratch_as_owner "$postgres_scratch_bin/initdb" -D "$data" -U postgres --no-sync \
        --encoding=UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 >"$postgres_scratch_dir/initdb.log" 2>&1 ||
        { cat "$postgres_scratch_dir/initdb.log" >&2; postgres_scratch_fail "initdb failed"; return 1; }

    # TLS for the sslmode=require tests: a self-signed certificate, made in a few milliseconds.
    local tls=0
    if command -v openssl >/dev/null && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
        -nodes -subj /CN=localhost -days 2 -keyout "$data/server.key" -out "$data/server.crt" >/dev/null 2>&1; then
        chmod 0600 "$data/server.key"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data/server.key" "$data/server.crt"; fi
        tls=1
    fi
    if [ "$tls" = 1 ]; then
        # lunas_tls: TLS only (these lines come before initdb's own host lines).
        { printf 'hostnossl all lunas_tls 127.0.0.1/32 reject\nhostssl all lunas_tls 127.0.0.1/32 scram-sha-256\n'
            cat "$data/pg_hba.conf"; } >"$data/pg_hba.conf.new"
        mv "$data/pg_hba.conf.new" "$data/pg_hba.conf"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data/pg_hba.conf"; fi
    fi
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$socket'"
        # Tests need no durability; benchmarks do (POSTGRES_SCRATCH_DURABLE=1: fsync and full pages on).
        if [ "${POSTGRES_SCRATCH_DURABLE:-0}" != 1 ]; then
            echo "fsync = off"
            echo "full_page_writes = off"
        fi
        echo "max_connections = 200"
        if [ "$tls" = 1 ]; then
            echo "ssl = on"
            echo "ssl_cert_file = 'server.crt'"
            echo "ssl_key_file = 'server.key'"
        fi
    } >>"$data/postgresql.conf"

    local attempt started=0
    for attempt in 1 2 3; do
        postgres_scratch_port=$(postgres_scratch_free_port)
        if postgres_scratch_as_owner "$postgres_scratch_bin/pg_ctl" -D "$data" -l "$postgres_scratch_dir/server.log" \
            -o "-p $postgres_scratch_port" -w -t 30 start >/dev/null 2>&1; then
            started=1
            break
        fi
    done
    [ "$started" = 1 ] || { postgres_scratch_fail "the server did not start"; return 1; }

    local password
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077 && printf '%s' "$password" >"$postgres_scratch_dir/password")
    # The SQL goes through standard input, so the password is never on a command line.
    {
        printf "CREATE ROLE lunas_test LOGIN CREATEDB PASSWORD '%s';\nCREATE DATABASE lunas_test OWNER lunas_test;\n" \
            "$password"
        if [ "$tls" = 1 ]; then
            printf "CREATE ROLE lunas_tls LOGIN PASSWORD '%s' IN ROLE lunas_test;\n" "$password"
        fi
    } | postgres_scratch_as_owner "$postgres_scratch_bin/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$socket" -p "$postgres_scratch_port" -U postgres -d postgres >/dev/null ||
        { postgres_scratch_fail "creating the test role failed"; return 1; }

    export LUNAS_TEST_DATABASE_URL="postgres://lunas_test@127.0.0.1:$postgres_scratch_port/lunas_test?sslmode=disable"
    export LUNAS_TEST_DATABASE_PASSWORD_FILE="$postgres_scratch_dir/password"
    export LUNAS_TEST_POSTGRES_TLS=$tls
    echo "postgres-scratch: PostgreSQL $("$postgres_scratch_bin/postgres" -V | awk '{print $3}') on 127.0.0.1:$postgres_scratch_port (tls: $tls)"
}
