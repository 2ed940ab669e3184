/*
 * The ceiling of durable group commit on this machine, below any Swift code: SQLite's C API in one
 * thread, batches that are always full, `synchronous=FULL`, WAL, a real file. Used by
 * `sqlite-ceiling.sh`, which passes the ledger's own schema (taken from LedgerSchema.swift).
 *
 *   sqlite-ceiling DB SCHEMA_SQL MODE KEYS COUNT BATCH
 *
 * MODE   bare    one 8-byte row per "invoice" (the cost of commits and fsync alone)
 *        events  one `invoice.issued` event row per invoice (737-byte payload, its two hashes, the
 *                entity index) and the chain head per commit: an event log with no projections
 *        ledger  what `issueInvoice` writes: idempotency key, the device's next sequence (UPDATE …
 *                RETURNING), the invoice row (with its indexes) and the event; chain head per commit
 * KEYS   random (UUIDv4-like idempotency keys) or time (time-ordered ones)
 *
 * It prints invoices per second, CPU time per invoice and the number of commits. The issuers of
 * `lunas ledger bench-issue` cannot do better than this: here every batch has all BATCH invoices
 * ready and nothing else runs.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite-ceiling: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(const char *sql) {
    char *message = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK) {
        fprintf(stderr, "sqlite-ceiling: %s: %s\n", sql, message);
        exit(1);
    }
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement = NULL;
    check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL), sql);
    return statement;
}

static void run(sqlite3_stmt *statement, const char *what) {
    int rc = sqlite3_step(statement);
    check(rc, what);
    sqlite3_reset(statement);
}

static double seconds(clockid_t clock) {
    struct timespec now;
    clock_gettime(clock, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* xorshift64*: enough for key spreading, not for secrets. */
static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
}

static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, file) != (size_t)size) { perror(path); exit(1); }
    text[size] = 0;
    fclose(file);
    return text;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: sqlite-ceiling DB SCHEMA_SQL bare|events|ledger random|time COUNT BATCH\n");
        return 2;
    }
    const char *mode = argv[3];
    int random_keys = strcmp(argv[4], "random") == 0;
    long count = atol(argv[5]), batch = atol(argv[6]);
    if (count <= 0 || batch <= 0) { fprintf(stderr, "sqlite-ceiling: COUNT and BATCH must be positive\n"); return 2; }

    check(sqlite3_open(argv[1], &db), "open");
    /* The ledger's settings (SQLiteLedgerStore): WAL, FULL, 64 MiB cache, checkpoint every 8,192 pages. */
    exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;"
         "PRAGMA wal_autocheckpoint = 8192; PRAGMA temp_store = MEMORY");
    exec("CREATE TABLE bare (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
    exec(read_file(argv[2]));
    exec("BEGIN");
    for (int device = 0; device < 64; device++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO devices (id, name, role, zone, credential_hash, enrolled_ms) "
                 "VALUES ('DEV-%d', 'device', 'kiosk', 'A', 'hash-%d', 0)", device, device);
        exec(sql);
    }
    exec("COMMIT");

    sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE"), *commit = prepare("COMMIT");
    sqlite3_stmt *bare = prepare("INSERT INTO bare (id, v) VALUES (?, ?)");
    sqlite3_stmt *event = prepare(
        "INSERT INTO events (seq, kind, entity_id, at_ms, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *head = prepare(
        "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
    sqlite3_stmt *claim = prepare(
        "INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) VALUES (?, 'invoice.issue', ?, ?)");
    sqlite3_stmt *sequence = prepare(
        "UPDATE devices SET last_sequence = last_sequence + 1 WHERE id = ? RETURNING last_sequence");
    sqlite3_stmt *invoice = prepare(
        "INSERT INTO invoices (id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, "
        "expires_ms, device_id, sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key) "
        "VALUES (?, ?, 'fee', 5000, ?, ?, 'issued', ?, ?, ?, ?, 'RET-PASAR', NULL, NULL, ?, ?)");

    char payload[738], qris[140], receipt[140], hash_hex[65];
    memset(payload, 'p', 737); payload[737] = 0;
    memset(qris, 'q', 139); qris[139] = 0;
    memcpy(receipt, "LR1-", 4); memset(receipt + 4, 'R', 135); receipt[139] = 0;
    memset(hash_hex, 'f', 64); hash_hex[64] = 0;
    unsigned char hash[32];
    memset(hash, 0xA5, sizeof hash);

    long commits = 0;
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (long issued = 0; issued < count; commits++) {
        run(begin, "BEGIN");
        for (long i = 0; i < batch && issued < count; i++) {
            issued++;
            int64_t now = (int64_t)(seconds(CLOCK_REALTIME) * 1000);
            char id[32], bill[32], key[48], device[16];
            snprintf(id, sizeof id, "inv_%013lld%08ld", (long long)now, issued);
            snprintf(bill, sizeof bill, "BG%013lld%09ld", (long long)now, issued);
            snprintf(device, sizeof device, "DEV-%ld", issued % 64);
            if (random_keys) {
                uint64_t a = next_random(), b = next_random();
                snprintf(key, sizeof key, "%08llx-%04llx-4%03llx-a%03llx-%012llx", (unsigned long long)(a >> 32),
                         (unsigned long long)(a >> 16 & 0xFFFF), (unsigned long long)(a & 0xFFF),
                         (unsigned long long)(b >> 52), (unsigned long long)(b & 0xFFFFFFFFFFFFull));
            } else {
                snprintf(key, sizeof key, "pay_%013lld%08ld", (long long)now, issued);
            }
            if (strcmp(mode, "bare") == 0) {
                sqlite3_bind_int64(bare, 1, issued);
                sqlite3_bind_int64(bare, 2, now);
                run(bare, "bare insert");
                continue;
            }
            int64_t device_sequence = 1;
            if (strcmp(mode, "ledger") == 0) {
                sqlite3_bind_text(claim, 1, key, -1, SQLITE_STATIC);
                sqlite3_bind_text(claim, 2, id, -1, SQLITE_STATIC);
                sqlite3_bind_text(claim, 3, hash_hex, 64, SQLITE_STATIC);
                run(claim, "idempotency key");
                sqlite3_bind_text(sequence, 1, device, -1, SQLITE_STATIC);
                check(sqlite3_step(sequence), "device sequence");
                device_sequence = sqlite3_column_int64(sequence, 0);
                sqlite3_reset(sequence);
                sqlite3_bind_text(invoice, 1, id, -1, SQLITE_STATIC);
                sqlite3_bind_text(invoice, 2, bill, -1, SQLITE_STATIC);
                sqlite3_bind_text(invoice, 3, qris, -1, SQLITE_STATIC);
                sqlite3_bind_text(invoice, 4, receipt, -1, SQLITE_STATIC);
                sqlite3_bind_int64(invoice, 5, now);
                sqlite3_bind_int64(invoice, 6, now + 900000);
                sqlite3_bind_text(invoice, 7, device, -1, SQLITE_STATIC);
                sqlite3_bind_int64(invoice, 8, device_sequence);
                sqlite3_bind_int64(invoice, 9, now);
                sqlite3_bind_text(invoice, 10, key, -1, SQLITE_STATIC);
                run(invoice, "invoice");
            }
            sqlite3_bind_int64(event, 1, issued);
            sqlite3_bind_text(event, 2, "invoice.issued", -1, SQLITE_STATIC);
            sqlite3_bind_text(event, 3, id, -1, SQLITE_STATIC);
            sqlite3_bind_int64(event, 4, now);
            sqlite3_bind_text(event, 5, payload, 737, SQLITE_STATIC);
            sqlite3_bind_blob(event, 6, hash, 32, SQLITE_STATIC);
            sqlite3_bind_blob(event, 7, hash, 32, SQLITE_STATIC);
            run(event, "event");
        }
        if (strcmp(mode, "bare") != 0) {
            sqlite3_bind_int64(head, 1, issued);
            sqlite3_bind_blob(head, 2, hash, 32, SQLITE_STATIC);
            run(head, "chain head");
        }
        run(commit, "COMMIT");
    }
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    printf("ceiling mode=%s keys=%s batch=%ld invoices=%ld commits=%ld seconds=%.3f invoices_per_second=%.0f "
           "cpu_us_per_invoice=%.1f wall_us_per_commit=%.0f\n",
           mode, argv[4], batch, count, commits, wall, count / wall, cpu * 1e6 / count, wall * 1e6 / commits);
    sqlite3_close(db);
    return 0;
}
