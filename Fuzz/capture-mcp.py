#!/usr/bin/env python3
"""Seeds Fuzz/corpus/mcp/ with what the tests' MCP server (Tests/mcp/server.py, the official Python
SDK) really writes to stdout for a session: initialize, tools/list, calls that succeed, fail, raise
JSON-RPC errors, report progress and logs, and print stray text. One file per answer, and one of the
whole stream. Run with the tests' virtualenv: .build/test-venv/bin/python Fuzz/capture-mcp.py
"""
import hashlib
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "Fuzz", "corpus", "mcp")

requests = [
    {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "fanout", "version": "0.1.0"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "hi"}}},
    {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "lookup", "arguments": {"city": "Oslo"}}},
    {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "fail", "arguments": {"message": "boom"}}},
    {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "quota", "arguments": {"user": "ann"}}},
    {"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": {
        "name": "count", "arguments": {"steps": 2, "step_ms": 10}, "_meta": {"progressToken": 6}}},
    {"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "noisy", "arguments": {"text": "x"}}},
    {"jsonrpc": "2.0", "id": 8, "method": "tools/call", "params": {"name": "nope", "arguments": {}}},
    {"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": 5}}},
    {"jsonrpc": "2.0", "id": 10, "method": "ping"},
]

server = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests", "mcp", "server.py")],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
for request in requests:
    server.stdin.write((json.dumps(request) + "\n").encode())
    server.stdin.flush()
    time.sleep(0.3)
server.stdin.close()
output = server.stdout.read()
server.wait(timeout=10)

os.makedirs(FOLDER, exist_ok=True)


def add(data):
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(FOLDER, name), "wb") as file:
        file.write(data)


# What this server never sends but others may: requests of the server's, pages, odd ids and errors.
hand_written = [
    b'{"jsonrpc":"2.0","id":"s-1","method":"ping"}\r\n',
    b'{"jsonrpc":"2.0","id":2,"method":"sampling/createMessage","params":{"messages":[]}}\n',
    b'{"jsonrpc":"2.0","id":null,"method":"roots/list"}\n{"jsonrpc":"2.0","id":3,"method":"elicitation/create","params":{}}\n',
    b'{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n  \t \n\n',
    b'{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a","inputSchema":{"type":"object"}},{"name":""}],"nextCursor":"p2"}}\n',
    b'{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params","data":{"field":"text","errors":[1,2]}}}\n',
    b'{"jsonrpc":"2.0","id":1.0,"result":1}\n{"jsonrpc":"2.0","id":"1","result":1}\n{"jsonrpc":"2.0","id":4}\n',
    b'{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","logger":"db","data":{"rows":[1]}}}\n',
    b'{"jsonrpc":"2.0","id":6,"result":{"content":[{"type":"image","data":"AAAA","mimeType":"image/png"},{"type":"text","text":"[1,2"}]}}',
]
for data in hand_written:
    add(data)
add(output)
for line in output.split(b"\n"):
    if line:
        add(line + b"\n")
print(len(output), "bytes,", output.count(b"\n"), "lines")
