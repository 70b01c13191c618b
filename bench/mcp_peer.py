#!/usr/bin/env python3
"""The official Python MCP client (mcp 2.3.0) doing what `fanout bench`'s mcp scenario does.

It starts bench/mcp_server.py over stdio, connects (ClientSession.initialize), then, R times,
calls one tool N times at once with asyncio.gather on that one session -- the same concurrency as
fanout, which starts every call of the batch at once. wall_ms covers the calls only, not starting
the server or connecting.

Usage: python bench/mcp_peer.py --tool noop|sleep_ms --n N [--ms MS] [--runs R]
Prints one JSON object: {"tool":"noop","n":1000,"wall_ms":[...R values...]}
"""

import argparse
import asyncio
import json
import os
import sys
import time

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mcp_server.py")


async def measure(tool: str, n: int, ms: int, runs: int) -> list[float]:
    arguments = {"ms": ms} if tool == "sleep_ms" else {}
    parameters = StdioServerParameters(command=sys.executable, args=[SERVER])
    walls = []
    with open(os.devnull, "w") as quiet:
        async with stdio_client(parameters, errlog=quiet) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                for _ in range(runs):
                    start = time.perf_counter()
                    results = await asyncio.gather(*(session.call_tool(tool, arguments) for _ in range(n)))
                    walls.append((time.perf_counter() - start) * 1000)
                    failed = [result for result in results if result.is_error]
                    if failed:
                        raise SystemExit(f"{len(failed)} of {n} calls failed: {failed[0]}")
    return walls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", choices=("noop", "sleep_ms"), required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--ms", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    walls = asyncio.run(measure(arguments.tool, arguments.n, arguments.ms, arguments.runs))
    print(json.dumps({"tool": arguments.tool, "n": arguments.n, "wall_ms": [round(wall, 3) for wall in walls]}))


if __name__ == "__main__":
    main()
