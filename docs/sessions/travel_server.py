#!/usr/bin/env python3
"""A small MCP server for docs/sessions/mcp.fanout, written with the official Python SDK (mcp 2.3.0).

Its tools wait as a real service would (without blocking, so calls overlap), and one reports progress.
Serves stdio: `python docs/sessions/travel_server.py`.
"""

import asyncio
import warnings

from mcp.server.mcpserver import Context, MCPServer

mcp = MCPServer("travel", version="0.3.0", log_level="WARNING")
# The log notification below is what the session shows; the SDK warns that a later protocol drops them.
warnings.filterwarnings("ignore", message="The logging capability is deprecated")

FORECASTS = {"Lisbon": ("sunny", 24), "Oslo": ("rain", 9), "Kyoto": ("cloudy", 17)}


@mcp.tool()
async def get_weather(city: str) -> dict:
    """Tomorrow's forecast for a city."""
    await asyncio.sleep(0.8)
    condition, temperature = FORECASTS.get(city, ("unknown", 15))
    return {"city": city, "condition": condition, "temperature": temperature}


@mcp.tool()
async def get_flights(origin: str, destination: str) -> dict:
    """Flights from origin to destination tomorrow."""
    await asyncio.sleep(1.0)
    return {"route": f"{origin} → {destination}", "flights": ["07:40", "13:15", "19:05"]}


@mcp.tool()
async def packing_list(condition: str, temperature: int) -> list:
    """What to pack for a forecast."""
    await asyncio.sleep(0.3)
    items = ["passport", "charger"]
    items += ["umbrella", "rain jacket"] if condition == "rain" else ["sunglasses"] if condition == "sunny" else []
    items += ["sweater"] if temperature < 15 else []
    return items


@mcp.tool()
async def check_hotels(city: str, ctx: Context) -> dict:
    """Asks five hotels in a city for a room, reporting each answer as progress."""
    hotels = ["Aurora", "Bellevue", "Central", "Dune", "Estrela"]
    free = []
    for index, hotel in enumerate(hotels, start=1):
        await asyncio.sleep(0.25)
        if index % 2:
            free.append(hotel)
        await ctx.report_progress(index, len(hotels), f"asked {hotel}")
    await ctx.info(f"{len(free)} of {len(hotels)} hotels in {city} have a room")
    return {"city": city, "free": free}


if __name__ == "__main__":
    mcp.run()
