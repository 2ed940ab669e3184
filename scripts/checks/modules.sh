#!/usr/bin/env bash
# Module boundaries (issue #13, "Done when"), checked from the sources and Package.swift without a
# build, in about a second:
#   1. no top-level type name is defined in two modules under Sources/, and no concept (calendar
#      dates, MDR schedules, settlement rows/files, random generators, escapers, cancel requests)
#      has types in two modules, whatever they are called;
#   2. only Sources/LedgerSQLite and the one store-opening file import LedgerSQLite or GRDB
#      (a handheld client, Sources/Handheld, may use GRDB for its own local queue), and only
#      Sources/LedgerPostgres and that file import LedgerPostgres or PostgresNIO;
#   3. only Sources/AcquirerSimulator and Sources/lunas import AcquirerSimulator;
#   4. only Sources/QRIS computes a CRC-16 (the polynomial 0x1021, a `crc` function or type);
#   5. every target imports exactly the modules Package.swift declares for it
#      (`swift package dump-package`; Foundation, Glibc, Dispatch, Synchronization, Testing and
#      XCTest need no declaration).
# Tests/ are exempt from 1–4: they may define fixtures freely, link any module and carry an
# independent bit-by-bit CRC to check the real one against. Every violation is printed, then the
# script exits 1. Exceptions are listed below, each with its reason.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="$PATH:/opt/swift/usr/bin"
command -v python3 >/dev/null || { echo "modules.sh: python3 is required" >&2; exit 1; }

scratch=/tmp/modules-check-scratch
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
# Benchmarks/ targets exist only with LUNAS_BENCHMARKS=1; they are not part of this check.
if ! env -u LUNAS_BENCHMARKS swift package dump-package --scratch-path "$scratch" >"$dump" 2>"$dump.err"; then
    cat "$dump.err" >&2
    rm -f "$dump.err"
    echo "modules.sh: swift package dump-package failed" >&2
    exit 1
fi
rm -f "$dump.err"

python3 - "$dump" <<'PY'
import fnmatch
import json
import os
import re
import sys

# The one place outside the store modules that opens a store (issue #13 item 4): StoreOpening.swift
# and its extensions (StoreOpening+Copy.swift, StoreOpening+Serving.swift).
STORE_OPENING_FILE = "Sources/lunas/StoreOpening.swift"


def opens_store(path):
    """Whether `path` is the store-opening file or one of its extensions."""
    return path == STORE_OPENING_FILE or fnmatch.fnmatch(path, "Sources/lunas/StoreOpening+*.swift")

# Concepts that must live in one module, by type-name pattern (fnmatch, case-sensitive).
CONCEPTS = {
    "calendar date": ["*Date"],
    "MDR schedule": ["MDR*"],
    "settlement row/file": ["Settlement*Row", "SettlementFile"],
    "random generator": ["*Random*", "SplitMix*", "*RNG"],
    "escaper": ["*Escap*"],
    "cancel request": ["Cancel*Request"],
    "CRC": ["*CRC*", "*Crc*"],
}

# Top-level type names that may be defined in more than one module: name -> reason.
DUPLICATE_NAME_EXCEPTIONS = {
}

# Types that match a concept pattern but are not that concept: name -> reason.
CONCEPT_EXCEPTIONS = {
}

# Imports that never need a declaration in Package.swift: the platform and the toolchain.
IMPLICIT_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationInternationalization",
    "FoundationXML", "Glibc", "Musl", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest", "_Concurrency",
    "Observation", "RegexBuilder",
}

# Products whose module names differ from the product name, or that vend several modules.
PRODUCT_MODULES = {
    # GRDBSQLite is GRDB's system-library target for SQLite's C API: not a product, so it cannot be
    # declared; a target that declares GRDB may import it.
    "GRDB": ["GRDB", "GRDBSQLite"],
    "Crypto": ["Crypto"],
    "_CryptoExtras": ["_CryptoExtras"],
    "Hummingbird": ["Hummingbird"],
    "HummingbirdTesting": ["HummingbirdTesting"],
    "Prometheus": ["Prometheus"],
    "Metrics": ["Metrics"],
    "Logging": ["Logging"],
    "Configuration": ["Configuration"],
    "AsyncHTTPClient": ["AsyncHTTPClient"],
    "ArgumentParser": ["ArgumentParser"],
    "ServiceLifecycle": ["ServiceLifecycle"],
    "NIOCore": ["NIOCore"],
    "NIOHTTP1": ["NIOHTTP1"],
    "NIOPosix": ["NIOPosix"],
    "Benchmark": ["Benchmark"],
    "PostgresNIO": ["PostgresNIO"],
}

violations = []


def violation(rule, message):
    violations.append(f"[{rule}] {message}")


def swift_files(directory):
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "Fixtures")
        for name in sorted(files):
            if name.endswith(".swift"):
                yield os.path.join(root, name)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def blank(match):
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_comments(text):
    """The text with multi-line string literals (which hold Python or JSON in some tests) and
    comments blanked, line numbers kept."""
    text = re.sub(r'#*"""(?:.|\n)*?"""#*', blank, text)
    text = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?(\w+)",
    re.M,
)
TYPE = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private|open|final|indirect"
    r"|nonisolated)\s+)*(struct|enum|class|actor|protocol)\s+(\w+)",
    re.M,
)


def imports(path):
    return [(m.group(1), strip_comments(read(path))[: m.start()].count("\n") + 1)
            for m in IMPORT.finditer(strip_comments(read(path)))]


with open(sys.argv[1], encoding="utf-8") as handle:
    package = json.load(handle)


def target_directory(target):
    if target.get("path"):
        return target["path"]
    return os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])


# --- 1. one module per type name and per concept -------------------------------------------------
modules_of_name = {}  # name -> {module: [file:line]}
for module in sorted(os.listdir("Sources")):
    directory = os.path.join("Sources", module)
    if not os.path.isdir(directory):
        continue
    for path in swift_files(directory):
        text = strip_comments(read(path))
        for match in TYPE.finditer(text):
            name = match.group(2)
            line = text[: match.start()].count("\n") + 1
            modules_of_name.setdefault(name, {}).setdefault(module, []).append(f"{path}:{line}")

reported_names = set()  # a concept made only of these is already reported by name
for name, modules in sorted(modules_of_name.items()):
    if len(modules) > 1 and name not in DUPLICATE_NAME_EXCEPTIONS:
        reported_names.add(name)
        where = "; ".join(f"{module} ({', '.join(places)})" for module, places in sorted(modules.items()))
        violation("one-module", f"type {name} is defined in {len(modules)} modules: {where}")

for concept, patterns in CONCEPTS.items():
    found = {}  # module -> [name (file:line)]
    for name, modules in modules_of_name.items():
        if name in CONCEPT_EXCEPTIONS or not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        for module, places in modules.items():
            found.setdefault(module, []).extend(f"{name} ({place})" for place in places)
    names = {entry.split(" ")[0] for types in found.values() for entry in types}
    if len(found) > 1 and not names <= reported_names:
        where = "; ".join(f"{module}: {', '.join(sorted(types))}" for module, types in sorted(found.items()))
        violation(
            "one-module",
            f"the {concept} concept ({' '.join(patterns)}) has types in {len(found)} modules: {where}")

# --- 2. and 3. who may import the store and the simulator ----------------------------------------
for module in sorted(os.listdir("Sources")):
    directory = os.path.join("Sources", module)
    if not os.path.isdir(directory):
        continue
    for path in swift_files(directory):
        for imported, line in imports(path):
            if imported == "LedgerSQLite" and module != "LedgerSQLite" and not opens_store(path):
                violation(
                    "store", f"{path}:{line} imports LedgerSQLite; only Sources/LedgerSQLite and "
                    f"{STORE_OPENING_FILE} may (inject `any LedgerStore` instead)")
            if imported == "GRDB" and module not in ("LedgerSQLite", "Handheld") and not opens_store(path):
                violation(
                    "store", f"{path}:{line} imports GRDB; only Sources/LedgerSQLite, Sources/Handheld and "
                    f"{STORE_OPENING_FILE} may")
            if imported == "LedgerPostgres" and module != "LedgerPostgres" and not opens_store(path):
                violation(
                    "store", f"{path}:{line} imports LedgerPostgres; only Sources/LedgerPostgres and "
                    f"{STORE_OPENING_FILE} may (inject `any LedgerStore` instead)")
            if imported == "PostgresNIO" and module != "LedgerPostgres":
                violation(
                    "store", f"{path}:{line} imports PostgresNIO; only Sources/LedgerPostgres may (its types "
                    "never leave that module)")
            if imported == "AcquirerSimulator" and module not in ("AcquirerSimulator", "lunas"):
                violation(
                    "simulator", f"{path}:{line} imports AcquirerSimulator; only Sources/AcquirerSimulator "
                    "and Sources/lunas may (production code never links the simulator)")

# --- 4. only QRIS computes a CRC-16 --------------------------------------------------------------
CRC_CODE = re.compile(r"0x1021\b|\bfunc\s+\w*crc\w*\s*[(<]", re.I)
for module in sorted(os.listdir("Sources")):
    directory = os.path.join("Sources", module)
    if module == "QRIS" or not os.path.isdir(directory):
        continue
    for path in swift_files(directory):
        text = strip_comments(read(path))
        for match in CRC_CODE.finditer(text):
            line = text[: match.start()].count("\n") + 1
            violation(
                "crc", f"{path}:{line} computes a CRC ({match.group(0).rstrip('(<').strip()}); use QRIS "
                "(CRC16, QRISPayload.expectedCRC / hasMatchingCRC / sealing)")

# --- 5. declared dependencies == imports ---------------------------------------------------------
target_names = {target["name"] for target in package["targets"]}
for target in package["targets"]:
    if target["type"] in ("system", "binary", "plugin", "macro"):
        continue
    directory = target_directory(target)
    declared = {}  # module -> how it is declared
    for dependency in target.get("dependencies", []):
        if "byName" in dependency:
            name = dependency["byName"][0]
            declared[name] = name
        elif "target" in dependency:
            name = dependency["target"][0]
            declared[name] = name
        elif "product" in dependency:
            product, package_name = dependency["product"][0], dependency["product"][1]
            for module in PRODUCT_MODULES.get(product, [product]):
                declared[module] = f"{product} ({package_name})"
    imported = {}  # module -> first file:line
    if not os.path.isdir(directory):
        violation("declared", f"target {target['name']}: directory {directory} does not exist")
        continue
    for path in swift_files(directory):
        for module, line in imports(path):
            imported.setdefault(module, f"{path}:{line}")
    for module, place in sorted(imported.items()):
        if module in IMPLICIT_MODULES or module in declared or module == target["name"]:
            continue
        violation(
            "declared", f"target {target['name']} imports {module} ({place}) but Package.swift does not "
            "declare it")
    used = {declaration for module, declaration in declared.items() if module in imported}
    for declaration in sorted(set(declared.values()) - used):
        violation(
            "declared", f"target {target['name']} declares {declaration} but no file under {directory} "
            "imports it")

if violations:
    for line in violations:
        print(f"modules.sh: {line}", file=sys.stderr)
    print(f"modules.sh: {len(violations)} violation(s)", file=sys.stderr)
    sys.exit(1)
print("modules.sh: one module per concept; store, simulator and CRC confined; Package.swift matches the imports")
PY
