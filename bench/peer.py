#!/usr/bin/env python3
"""Python peer for `fanout bench`: the asyncio execution layer people write from the lesson.

Standard library only (Python 3.11). Given a list of tool calls, it runs them with
asyncio.gather(..., return_exceptions=True); each call is wrapped so it records its own
start/end time (time.perf_counter), turns an exception into an error result, and encodes
its result as one JSON line to a null sink -- the same work fanout does with its JSONL
encoder. Async handlers `await asyncio.sleep(latency)`; sync handlers run through
`await asyncio.to_thread(fn)` where fn does `time.sleep(latency)`; an optional limit uses
asyncio.Semaphore(limit).

Usage:
  python3 bench/peer.py --scenario overhead|fanout|limit|blocking --n N [--runs R]
  python3 bench/peer.py --baseline-rss

Prints one JSON object on stdout:
  {"scenario":"overhead","n":100000,"wall_ms":[...R values...],"peak_rss_kib":...}
  (scenario "blocking" also has "heartbeat_late_ms":[...R values...])
  --baseline-rss prints {"peak_rss_kib":...} for a process that only imported the modules.
Each run uses a fresh event loop (asyncio.run) in this one process. wall_ms covers
creating the calls' tasks, running them and encoding every result; it excludes creating
and closing the loop. peak_rss_kib is ru_maxrss (KiB on Linux) after all runs.
"""

import argparse
import asyncio
import gc
import json
import resource
import sys
import time

SCENARIOS = ("overhead", "fanout", "limit", "blocking")
LIMIT = 100                 # Semaphore size for the `limit` scenario
ASYNC_LATENCY = 0.010       # fanout / limit: 10 ms async calls
SYNC_LATENCY = 0.100        # blocking: 100 ms sync calls
HEARTBEAT_PERIOD = 0.005    # blocking: heartbeat ticks every 5 ms


class NullSink:
    """Where the JSON lines go: accepts writes, keeps nothing."""

    def write(self, s):
        return len(s)

    def flush(self):
        pass


# --- handlers (the registry of the lesson: name -> function) ---------------------------

async def get_weather_instant(location):
    return {"location": location, "temperature": 22}


async def get_weather_async(location):
    await asyncio.sleep(ASYNC_LATENCY)
    return {"location": location, "temperature": 22}


def get_weather_sync(location):
    time.sleep(SYNC_LATENCY)
    return {"location": location, "temperature": 22}


HANDLERS = {
    "get_weather_instant": (get_weather_instant, "async"),
    "get_weather_async": (get_weather_async, "async"),
    "get_weather_sync": (get_weather_sync, "sync"),
}


# --- the execution layer ---------------------------------------------------------------

async def execute_call(call, t0, sink, sem):
    """Run one call; never raises: an exception becomes an error result."""
    fn, kind = HANDLERS[call["name"]]
    if sem is not None:
        await sem.acquire()
    start = time.perf_counter()
    try:
        if kind == "sync":
            output = await asyncio.to_thread(fn, **call["arguments"])
        else:
            output = await fn(**call["arguments"])
        end = time.perf_counter()
        result = {
            "event": "call_finished", "call": call["id"], "name": call["name"],
            "status": "ok", "started_ms": round((start - t0) * 1000, 3),
            "t_ms": round((end - t0) * 1000, 3),
            "duration_ms": round((end - start) * 1000, 3), "output": output,
        }
    except Exception as e:  # noqa: BLE001 -- the lesson's "errors are results"
        end = time.perf_counter()
        result = {
            "event": "call_finished", "call": call["id"], "name": call["name"],
            "status": "error", "started_ms": round((start - t0) * 1000, 3),
            "t_ms": round((end - t0) * 1000, 3),
            "duration_ms": round((end - start) * 1000, 3),
            "error": f"{type(e).__name__}: {e}",
        }
    finally:
        if sem is not None:
            sem.release()
    sink.write(json.dumps(result) + "\n")
    return result


async def execute_all(calls, sink, limit=None):
    t0 = time.perf_counter()
    sem = asyncio.Semaphore(limit) if limit is not None else None
    results = await asyncio.gather(
        *(execute_call(c, t0, sink, sem) for c in calls), return_exceptions=True)
    return results


async def heartbeat(stop, worst):
    """Tick every HEARTBEAT_PERIOD; record the worst lateness of a tick (seconds)."""
    loop_clock = time.perf_counter
    while not stop.is_set():
        due = loop_clock() + HEARTBEAT_PERIOD
        await asyncio.sleep(HEARTBEAT_PERIOD)
        late = loop_clock() - due
        if late > worst[0]:
            worst[0] = late


def make_calls(n, handler):
    return [{"id": f"call_{i + 1}", "name": handler, "arguments": {"location": "Tokyo"}}
            for i in range(n)]


# --- scenarios: each returns (wall seconds, heartbeat lateness seconds or None) --------

async def run_scenario(scenario, n):
    sink = NullSink()
    if scenario == "overhead":
        calls = make_calls(n, "get_weather_instant")
        limit = None
    elif scenario == "fanout":
        calls = make_calls(n, "get_weather_async")
        limit = None
    elif scenario == "limit":
        calls = make_calls(n, "get_weather_async")
        limit = LIMIT
    else:  # blocking
        calls = make_calls(n, "get_weather_sync")
        limit = None

    if scenario != "blocking":
        t0 = time.perf_counter()
        results = await execute_all(calls, sink, limit)
        wall = time.perf_counter() - t0
        check(results, n)
        return wall, None

    stop = asyncio.Event()
    worst = [0.0]
    hb = asyncio.create_task(heartbeat(stop, worst))
    await asyncio.sleep(0)  # let the heartbeat take its first timestamp
    t0 = time.perf_counter()
    results = await execute_all(calls, sink, limit)
    wall = time.perf_counter() - t0
    stop.set()
    await hb
    check(results, n)
    return wall, worst[0]


def check(results, n):
    bad = sum(1 for r in results if not isinstance(r, dict) or r.get("status") != "ok")
    if len(results) != n or bad:
        print(f"peer.py: {bad} of {n} calls did not end ok", file=sys.stderr)
        sys.exit(1)


# --- command line ----------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message):
        print(f"peer.py: {message} (usage: peer.py --scenario {'|'.join(SCENARIOS)} "
              f"--n N [--runs R] | --baseline-rss)", file=sys.stderr)
        sys.exit(2)


def positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"{v} must be at least 1")
    return v


def peak_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main(argv=None):
    p = Parser(prog="peer.py", add_help=True)
    p.add_argument("--scenario", choices=SCENARIOS)
    p.add_argument("--n", type=positive_int)
    p.add_argument("--runs", type=positive_int, default=1)
    p.add_argument("--baseline-rss", action="store_true")
    a = p.parse_args(argv)

    if a.baseline_rss:
        if a.scenario is not None or a.n is not None:
            p.error("--baseline-rss takes no other arguments")
        print(json.dumps({"peak_rss_kib": peak_rss_kib()}, separators=(",", ":")))
        return 0
    if a.scenario is None:
        p.error("--scenario is required")
    if a.n is None:
        p.error("--n is required")

    walls, lates = [], []
    for _ in range(a.runs):
        gc.collect()  # each run starts from a clean heap; not timed
        wall, late = asyncio.run(run_scenario(a.scenario, a.n))
        walls.append(round(wall * 1000, 3))
        if late is not None:
            lates.append(round(late * 1000, 3))

    out = {"scenario": a.scenario, "n": a.n, "wall_ms": walls, "peak_rss_kib": peak_rss_kib()}
    if a.scenario == "blocking":
        out["heartbeat_late_ms"] = lates
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
