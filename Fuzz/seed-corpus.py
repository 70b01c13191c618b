#!/usr/bin/env python3
"""Seeds Fuzz/corpus/<target>/ from the sample sessions, the docs' sessions and the tests' payloads.

Run from the package root: python3 Fuzz/seed-corpus.py. It adds files (named by a hash of their
content, as libFuzzer names its own) and removes none, so hand-written seeds and regression inputs
stay. Each seed is small: one command line, one payload, one schema and its arguments.
"""
import glob
import hashlib
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def path(*parts):
    return os.path.join(ROOT, *parts)


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > 16384:
        return
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as file:
        file.write(data)


def read(name):
    with open(name, encoding="utf-8", errors="replace") as file:
        return file.read()


def swift_literals(text):
    """The string literals of Swift source: raw #"…"# ones as written, plain "…" ones unescaped;
    interpolated ones are left out."""
    found = []
    for match in re.finditer(r'#"(.*?)"#', text):
        if "\\#" not in match.group(1):
            found.append(match.group(1))
    for match in re.finditer(r'(?<![#\\])"((?:[^"\\\n]|\\.)*)"(?!#)', text):
        body = match.group(1)
        if "\\(" in body:
            continue
        found.append(re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body))
    return found


def is_json(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


sessions = sorted(glob.glob(path("sample-sessions", "*.fanout")) + glob.glob(path("docs", "sessions", "*.fanout")))
payloads = sorted(glob.glob(path("sample-sessions", "payloads", "*.json")))
shell_tests = sorted(glob.glob(path("Tests", "FanoutShellTests", "*.swift")) + glob.glob(path("Tests", "FanoutEndToEndTests", "*.swift")))
core_tests = sorted(glob.glob(path("Tests", "FanoutCoreTests", "*.swift")))
commands = ("help", "register", "unregister", "handlers", "demo", "call", "queue", "drop", "clear", "strategy",
            "set", "clock", "plan", "run", "rerun", "compare", "results", "show", "import", "export", "mcp",
            "history", "source", "record", "quit", "exit")

# transcript: whole session files.
for name in sessions:
    add("transcript", read(name))

# lexer: every command line of the sessions and of the shell's tests.
for name in sessions:
    for line in read(name).splitlines():
        if line.startswith("fanout> "):
            add("lexer", line[len("fanout> "):])
for name in shell_tests:
    for literal in swift_literals(read(name)):
        if literal.split(" ", 1)[0] in commands and "\n" not in literal:
            add("lexer", literal)

# json, wire: the payloads, and every JSON text in the core and shell tests.
for name in payloads:
    add("json", read(name))
    add("wire", read(name))
for name in core_tests + shell_tests:
    for literal in swift_literals(read(name)):
        if literal[:1] in "{[" and is_json(literal):
            add("json", literal)
            if os.path.basename(name) in ("WireFormatTests.swift", "ImportExportTests.swift"):
                add("wire", literal)

# wire: the tests' bare lists and messages in the envelopes their vendors send them in.
for name in sorted(os.listdir(os.path.join(CORPUS, "wire"))):
    try:
        value = json.loads(read(os.path.join(CORPUS, "wire", name)))
    except ValueError:
        continue
    if isinstance(value, list):
        add("wire", json.dumps({"output": value}))
        add("wire", json.dumps({"role": "assistant", "content": value}))
    elif isinstance(value, dict) and "parts" in value:
        add("wire", json.dumps({"candidates": [{"content": value, "finishReason": "STOP"}]}))
    elif isinstance(value, dict) and "tool_calls" in value:
        add("wire", json.dumps({"choices": [{"index": 0, "message": value}]}))

# schema: a schema on the first line, a value after it, from the schema tests' pairs; the
# parameter schemas of exported tools (the wire-format tests) with empty arguments.
schema_tests = read(path("Tests", "FanoutCoreTests", "JSONSchemaTests.swift"))
literal = r'(#"(?:.*?)"#|"(?:[^"\\]|\\.)*")'
for match in re.finditer(r"problems\(" + literal + r",\s*" + literal + r"\)", schema_tests):
    schema, value = (swift_literals(part)[0] for part in match.groups())
    if is_json(schema) and is_json(value):
        add("schema", json.dumps(json.loads(schema), separators=(",", ":")) + "\n" + value)
for match in re.finditer(r"schema\(" + literal + r"\)", schema_tests):
    schema = swift_literals(match.group(1))[0]
    if is_json(schema):
        add("schema", json.dumps(json.loads(schema), separators=(",", ":")) + "\n{}")

def schemas(value):
    if isinstance(value, dict):
        for key, member in value.items():
            if key in ("parameters", "input_schema", "inputSchema", "parametersJsonSchema") and isinstance(member, dict):
                yield member
            yield from schemas(member)
    elif isinstance(value, list):
        for member in value:
            yield from schemas(member)


for target in ("json", "wire", "mcp"):
    folder = os.path.join(CORPUS, target)
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        for line in read(os.path.join(folder, name)).splitlines() if target == "mcp" else [read(os.path.join(folder, name))]:
            try:
                value = json.loads(line)
            except ValueError:
                continue
            for schema in schemas(value):
                add("schema", json.dumps(schema, separators=(",", ":")) + "\n{}")

print({target: len(os.listdir(os.path.join(CORPUS, target))) for target in sorted(os.listdir(CORPUS))})
