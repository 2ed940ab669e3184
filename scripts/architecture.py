#!/usr/bin/env python3
"""Writes docs/ARCHITECTURE.md from Package.swift and docs/architecture-modules.md.

The module graph comes from `swift package dump-package` (JSON; no build needed), so the document
cannot drift from the package: scripts/checks/architecture.sh regenerates it and fails on any
difference. The paragraph of each module, what it may import and the path of a parking ticket
are hand-written in docs/architecture-modules.md (its header comment gives the format).

    python3 scripts/architecture.py                 # rewrite docs/ARCHITECTURE.md
    python3 scripts/architecture.py --out FILE      # write elsewhere (the check writes a temp file)
    python3 scripts/architecture.py --dump FILE     # read dump-package JSON from FILE instead

Fails (exit 1, naming the target) when Package.swift has a non-test target that the modules file
does not describe, or when the modules file is malformed.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES_FILE = "docs/architecture-modules.md"
OUTPUT_FILE = "docs/ARCHITECTURE.md"
TICKET_SECTION = "A parking ticket from route to row"
MAXIMUM_HOPS = 8


def fail(message):
    print(f"architecture.py: {message}", file=sys.stderr)
    sys.exit(1)


def dump_package(dump_file):
    """The package as `swift package dump-package` describes it (benchmark targets excluded)."""
    if dump_file:
        with open(dump_file, encoding="utf-8") as handle:
            return json.load(handle)
    environment = dict(os.environ)
    environment.pop("LUNAS_BENCHMARKS", None)  # Benchmarks/ targets exist only with LUNAS_BENCHMARKS=1
    if os.path.isdir("/opt/swift/usr/bin"):
        environment["PATH"] = environment.get("PATH", "") + ":/opt/swift/usr/bin"
    # A scratch path of its own: no wait for the lock of a build running in .build.
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            ["swift", "package", "--scratch-path", scratch, "dump-package"],
            cwd=ROOT, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"swift package dump-package failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


def dependency(entry):
    """(name, kind, package) of one target dependency in dump-package's JSON."""
    if "byName" in entry:
        return entry["byName"][0], "byName", None
    if "target" in entry:
        return entry["target"][0], "target", None
    if "product" in entry:
        return entry["product"][0], "product", entry["product"][1]
    fail(f"unknown dependency form in dump-package output: {json.dumps(entry)}")


def read_modules(path):
    """{name: {"may": [...], "mustNotProducts": [...], "text": str}} and the ticket section's text."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    sections = re.split(r"^## ", text, flags=re.M)
    modules, ticket = {}, None
    for section in sections[1:]:
        heading, _, body = section.partition("\n")
        name = heading.strip()
        if name == TICKET_SECTION:
            ticket = body.strip()
            continue
        lines = body.strip().split("\n")
        if len(lines) < 3 or not lines[0].startswith("may import:") \
                or not lines[1].startswith("must not import products:"):
            fail(f"{path}: section '{name}' must start with 'may import:' and 'must not import products:' lines")

        def names(line):
            value = line.split(":", 1)[1].strip()
            return [] if value in ("", "—", "-") else [item.strip() for item in value.split(",")]

        paragraph = "\n".join(lines[2:]).strip()
        if not paragraph:
            fail(f"{path}: section '{name}' has no paragraph")
        if name in modules:
            fail(f"{path}: section '{name}' appears twice")
        modules[name] = {"may": names(lines[0]), "mustNotProducts": names(lines[1]), "text": paragraph}
    if ticket is None:
        fail(f"{path}: no section '## {TICKET_SECTION}'")
    hops = re.findall(r"^\d+\. ", ticket, flags=re.M)
    if not hops or len(hops) > MAXIMUM_HOPS:
        fail(f"{path}: the ticket's path has {len(hops)} numbered hops; it must have 1 to {MAXIMUM_HOPS}")
    return modules, ticket


def allowed_closure(name, modules):
    """Every module and product `name` may import: its own list and, recursively, theirs."""
    seen, stack = set(), list(modules[name]["may"])
    while stack:
        item = stack.pop()
        if item in seen:
            continue
        seen.add(item)
        if item in modules:
            stack.extend(modules[item]["may"])
    return seen


def wrap(text):
    """A generated paragraph, wrapped like the hand-written ones."""
    return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)


def node_id(name, is_product):
    return ("p_" if is_product else "m_") + re.sub(r"[^A-Za-z0-9_]", "_", name)


def render(package, modules, ticket):
    targets = [t for t in package["targets"] if t["type"] != "test"]
    tests = [t for t in package["targets"] if t["type"] == "test"]
    names = [t["name"] for t in targets]
    undescribed = [name for name in names if name not in modules]
    if undescribed:
        fail(f"Package.swift has targets that {MODULES_FILE} does not describe: {', '.join(undescribed)}; "
             f"add a '## Name' section for each")

    out = []
    out.append("# Architecture")
    out.append("")
    out.append("<!-- Generated by scripts/architecture.py from `swift package dump-package` and")
    out.append(f"     {MODULES_FILE}. Do not edit: edit those and run `python3 scripts/architecture.py`;")
    out.append("     scripts/checks/architecture.sh fails when this file is out of date. -->")
    out.append("")
    out.append(wrap(f"Lunas is one Swift package, `{package['name']}`, of {len(targets)} modules and "
                    f"{len(tests)} test targets. Each module is a folder under `Sources/` with small files, one "
                    "primary type per file. An arrow points from a module to what it imports; nothing points "
                    "upward, and one concept lives in one module: the lowest one that needs it."))
    out.append("")
    out.append("## Module graph")
    out.append("")
    out.append(wrap("Modules of this package are boxes; products of other packages are rounded, with their "
                    "package in brackets."))
    out.append("")
    out.append("```mermaid")
    out.append("graph TD")
    products = {}
    for target in targets:
        label = f"{target['name']} ({target['type']})" if target["type"] != "regular" else target["name"]
        out.append(f"    {node_id(target['name'], False)}[\"{label}\"]")
    edges = []
    for target in targets:
        for entry in target["dependencies"]:
            name, kind, package_name = dependency(entry)
            is_product = kind == "product" or (kind == "byName" and name not in names)
            if is_product:
                products.setdefault(name, package_name)
            edges.append(f"    {node_id(target['name'], False)} --> {node_id(name, is_product)}")
    for name, package_name in products.items():
        label = f"{name} [{package_name}]" if package_name else name
        out.append(f"    {node_id(name, True)}(\"{label}\")")
    out.extend(edges)
    out.append("```")
    out.append("")
    out.append("The same graph as a table, with the test targets:")
    out.append("")
    out.append("| target | kind | imports (modules of this package) | imports (products) |")
    out.append("|---|---|---|---|")
    for target in targets + tests:
        local, foreign = [], []
        for entry in target["dependencies"]:
            name, kind, package_name = dependency(entry)
            if kind != "product" and name in names:
                local.append(f"`{name}`")
            else:
                foreign.append(f"`{name}` ({package_name})" if package_name else f"`{name}`")
        out.append(f"| `{target['name']}` | {target['type']} | {', '.join(local) or '—'} | "
                   f"{', '.join(foreign) or '—'} |")
    out.append("")

    out.append("## Modules")
    out.append("")
    out.append(wrap("What each module owns, what the design lets it import (directly, or through a module it "
                    "may import) and what it must not import. The modules the design plans but the package "
                    "does not have yet are not listed."))
    for target in targets:
        name = target["name"]
        module = modules[name]
        allowed = allowed_closure(name, modules)
        out.append("")
        out.append(f"### `{name}`")
        out.append("")
        out.append(module["text"])
        out.append("")
        may = ", ".join(f"`{item}`" for item in module["may"]) or "nothing but Foundation and the system"
        executables = {t["name"] for t in targets if t["type"] == "executable"}
        forbidden_modules = [other for other in names
                             if other != name and other not in allowed and other not in executables]
        forbidden = [f"`{item}`" for item in forbidden_modules + module["mustNotProducts"]]
        line = f"May import: {may}."
        if forbidden:
            line += f" Must not import: {', '.join(forbidden)}."
        out.append(wrap(line))
        declared = [dependency(entry) for entry in target["dependencies"]]
        breaks = []
        for dep_name, kind, _ in declared:
            if kind != "product" and dep_name in names and dep_name not in allowed:
                breaks.append(f"`{dep_name}`")
            elif (kind == "product" or dep_name not in names) and dep_name in module["mustNotProducts"]:
                breaks.append(f"`{dep_name}`")
        if breaks:
            out.append("")
            out.append(wrap(f"**Out of line with the design:** `Package.swift` declares {', '.join(breaks)}, "
                            "which this module must not import."))
    out.append("")
    out.append(f"## {TICKET_SECTION}")
    out.append("")
    out.append(ticket)
    out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description="Write docs/ARCHITECTURE.md from Package.swift.")
    parser.add_argument("--out", default=os.path.join(ROOT, OUTPUT_FILE), help="where to write")
    parser.add_argument("--dump", help="read `swift package dump-package` JSON from this file")
    arguments = parser.parse_args()
    modules, ticket = read_modules(os.path.join(ROOT, MODULES_FILE))
    document = render(dump_package(arguments.dump), modules, ticket)
    with open(arguments.out, "w", encoding="utf-8") as handle:
        handle.write(document)


if __name__ == "__main__":
    main()
