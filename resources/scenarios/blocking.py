# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Blocking: time.sleep() in a coroutine holds the loop; asyncio.to_thread() does not."""
import asyncio
import time

from _common import parser, report, rng


async def generator(args, task):
    r = rng(args, task)
    for k in range(args.values):
        wake_up = asyncio.get_running_loop().time() + args.delay  # due before the call
        if task == args.block_task and k == args.block_at:
            if args.variant == "block":
                time.sleep(args.block_for)  # lesson: blocking
            else:
                await asyncio.to_thread(time.sleep, args.block_for)  # lesson: offload
        await asyncio.sleep(max(0, wake_up - asyncio.get_running_loop().time()))  # lesson: sleep
        yield r.uniform(0, args.max_value)


async def comprehension(args, task):
    return [v async for v in generator(args, task)]


async def main(args):
    started = time.perf_counter()
    lists = await asyncio.gather(*(comprehension(args, t) for t in range(args.tasks)))
    report(args, started, "finished", lists)


if __name__ == "__main__":
    p = parser(__doc__, ["block", "offload"])
    p.add_argument("--block-task", type=int, default=0)
    p.add_argument("--block-at", type=int, default=None)
    p.add_argument("--block-for", type=float, default=None)
    a = p.parse_args()
    a.block_at = a.values // 2 if a.block_at is None else a.block_at
    a.block_for = a.delay / 2 if a.block_for is None else a.block_for
    asyncio.run(main(a))
