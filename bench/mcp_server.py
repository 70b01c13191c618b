#!/usr/bin/env python3
"""The MCP server `fanout bench` calls, written with the official Python SDK (mcp 2.3.0).

Two tools: `noop` answers at once (the cost of a call itself, client and server), `sleep_ms` waits
without blocking (calls overlap on the one connection). Serves stdio: `python bench/mcp_server.py`.
"""

import asyncio

from mcp.server.mcpserver import MCPServer

mcp = MCPServer("fanout-bench", version="1.0.0", log_level="WARNING")


@mcp.tool()
async def noop() -> dict:
    """Answers at once."""
    return {"ok": True}


@mcp.tool()
async def sleep_ms(ms: int) -> dict:
    """Waits ms milliseconds without blocking."""
    await asyncio.sleep(ms / 1000)
    return {"slept_ms": ms}


if __name__ == "__main__":
    mcp.run()
