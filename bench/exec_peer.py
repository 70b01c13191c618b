"""The exec scenario's Python peer: N runs of /bin/true with asyncio.create_subprocess_exec under a
Semaphore(LIMIT), each given the call's JSON on stdin with its output captured, as fanout's exec
handler does. Prints {"wall_ms": [...]}, one wall per run."""
import argparse
import asyncio
import json
import time


async def one(semaphore):
    async with semaphore:
        process = await asyncio.create_subprocess_exec(
            "/bin/true", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, start_new_session=True)
        await process.communicate(b"{}\n")


async def batch(n, limit):
    semaphore = asyncio.Semaphore(limit)
    await asyncio.gather(*(one(semaphore) for _ in range(n)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    walls = []
    for _ in range(arguments.runs):
        started = time.perf_counter()
        asyncio.run(batch(arguments.n, arguments.limit))
        walls.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"wall_ms": walls}))


if __name__ == "__main__":
    main()
