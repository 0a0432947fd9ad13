# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""CPU: hashing on the loop serializes everything; run_in_executor uses every core."""
import asyncio
import concurrent.futures
import hashlib
import os
import time

from _common import parser, report, rng


def hash_for(seconds):
    block, end = b"c" * 4096, time.perf_counter() + seconds
    while time.perf_counter() < end:
        block = hashlib.sha256(block).digest() * 128
    return block[:8]


async def generator(args, task, pool):
    r = rng(args, task)
    for _ in range(args.values):
        if args.variant == "on-loop":
            hash_for(args.work / 1000)  # lesson: work
            await asyncio.sleep(0)  # lesson: sleep
        else:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(pool, hash_for, args.work / 1000)  # lesson: offload
        yield r.uniform(0, args.max_value)


async def comprehension(args, task, pool):
    return [v async for v in generator(args, task, pool)]


async def main(args):
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        lists = await asyncio.gather(*(comprehension(args, t, pool) for t in range(args.tasks)))
    report(args, started, "finished", lists)


if __name__ == "__main__":
    p = parser(__doc__, ["on-loop", "offload"])
    p.add_argument("--work", type=float, default=None, help="ms per value")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    a.work = min(max(a.delay * 100, 1), 10000) if a.work is None else a.work
    asyncio.run(main(a))
