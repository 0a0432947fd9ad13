# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Bounded: a semaphore lets K comprehensions run at once: ceil(N / K) windows."""
import asyncio
import time

from _common import parser, report, rng


async def generator(args, task):
    r = rng(args, task)
    for _ in range(args.values):
        await asyncio.sleep(args.delay)  # lesson: sleep
        yield r.uniform(0, args.max_value)


async def limited(args, permits, task):
    async with permits:  # lesson: permit
        return [v async for v in generator(args, task)]


async def main(args):
    started = time.perf_counter()
    permits = asyncio.Semaphore(args.limit if args.variant == "limited" else args.tasks)
    lists = await asyncio.gather(*(limited(args, permits, t) for t in range(args.tasks)))
    report(args, started, "finished", lists)


if __name__ == "__main__":
    p = parser(__doc__, ["limited", "unlimited"])
    p.add_argument("--limit", type=int, default=2)
    asyncio.run(main(p.parse_args()))
