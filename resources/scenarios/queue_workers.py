# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Queue: a producer fills a bounded queue, W workers spend one delay per item.

(Not queue.py: that name would shadow Python's own queue module for the other scripts.)
"""
import asyncio
import time

from _common import parser, report, rng


async def producer(args, queue):
    for item in range(args.items):
        await queue.put(rng(args, item).uniform(0, args.max_value))  # lesson: put


async def worker(args, queue, done):
    while True:
        value = await queue.get()  # lesson: get
        await asyncio.sleep(args.delay)  # lesson: sleep
        done.append(value)
        queue.task_done()


async def main(args):
    started = time.perf_counter()
    queue = asyncio.Queue(maxsize=args.capacity)
    count = 1 if args.variant == "single" else args.workers
    lists = [[] for _ in range(count)]
    workers = [asyncio.create_task(worker(args, queue, lists[w])) for w in range(count)]
    await producer(args, queue)
    await queue.join()
    for w in workers:
        w.cancel()
    report(args, started, "finished", lists + [[]])  # the producer's lane, as in Coroscope


if __name__ == "__main__":
    p = parser(__doc__, ["workers", "single"])
    p.add_argument("--items", type=int, default=None)
    p.add_argument("--capacity", type=int, default=2)
    p.add_argument("--workers", type=int, default=4)
    a = p.parse_args()
    a.items = a.tasks * a.values if a.items is None else a.items
    asyncio.run(main(a))
