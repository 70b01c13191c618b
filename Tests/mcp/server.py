"""The MCP server fanout's end-to-end tests connect to, written with the official Python SDK.

Run as `python server.py`; it serves stdio. Each tool exercises one thing fanout promises: calls that
overlap, tool errors, JSON-RPC errors (whose `data` is a string), progress, logs, a server that dies
mid-call, one that closes its output, one that prints stray text to stdout.
"""

import asyncio
import os
import signal
import sys
import warnings

from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.exceptions import MCPError

# Log notifications are what these tests check; the SDK's warning that a later protocol drops them
# would fill the server's stderr.
warnings.filterwarnings("ignore", message="The logging capability is deprecated")

mcp = MCPServer("fanout-test", version="1.0.0", log_level="WARNING")

# The SDK serves the protocol from a private duplicate of stdout and points fd 1 at stderr, so a
# careless print cannot corrupt it. To act as a server without that care, the tools below find the
# pipe fanout reads (Linux: by its /proc link) and write to it, or close it, themselves.
WIRE = os.readlink("/proc/self/fd/1")


def wire_fds() -> list[int]:
    fds = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}") == WIRE:
                fds.append(int(name))
        except OSError:
            pass
    return fds


@mcp.tool()
async def sleep_ms(ms: int = 500) -> dict:
    """Waits ms milliseconds without blocking, then says so."""
    await asyncio.sleep(ms / 1000)
    return {"slept_ms": ms}


@mcp.tool()
def echo(text: str) -> str:
    """Returns its text."""
    return text


@mcp.tool()
async def lookup(city: str) -> dict:
    """The weather in a city (made up): a result another call can depend on."""
    await asyncio.sleep(0.2)
    return {"city": city, "temperature": 21, "advice": f"{city} is fine for a walk"}


@mcp.tool()
async def fail(message: str) -> str:
    """Raises: the result comes back with isError true."""
    raise ValueError(message)


@mcp.tool()
async def quota(user: str) -> str:
    """Raises an MCPError: the answer is a JSON-RPC error whose data is a string."""
    raise MCPError(code=-32000, message=f"quota exceeded for {user}", data="try again tomorrow")


@mcp.tool()
async def count(steps: int, ctx: Context, step_ms: int = 100) -> dict:
    """Counts to steps, reporting progress and logging each step."""
    for step in range(1, steps + 1):
        await asyncio.sleep(step_ms / 1000)
        await ctx.report_progress(step, steps, f"step {step} of {steps}")
        await ctx.info(f"counted {step}")
    return {"counted": steps}


@mcp.tool()
async def crash(after_ms: int = 200, how: str = "exit") -> str:
    """Ends the server after after_ms: how=exit exits with status 1, how=kill kills it with SIGKILL,
    how=close closes its standard output and keeps running."""
    await asyncio.sleep(after_ms / 1000)
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif how == "close":
        for fd in wire_fds():
            os.close(fd)
        await asyncio.sleep(3600)
    sys.stdout.flush()
    os._exit(1)


@mcp.tool()
def noisy(text: str) -> str:
    """Writes stray lines to stdout before answering, as a careless server does."""
    os.write(wire_fds()[0], b"this is not JSON-RPC\n\x00\xff binary junk\n{\"half\": \n")
    return text


if __name__ == "__main__":
    mcp.run()
