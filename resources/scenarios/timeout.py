# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Timeout: at S every unfinished comprehension is cancelled; partial lists are kept."""
import asyncio
import time

from _common import parser, report, rng


async def comprehension(args, task, into):
    r = rng(args, task)
    for _ in range(args.values):
        await asyncio.sleep(args.delay)  # lesson: sleep
        into.append(r.uniform(0, args.max_value))  # kept when cancelled


async def main(args):
    started = time.perf_counter()
    lists = [[] for _ in range(args.tasks)]
    status = "finished"
    try:
        async with asyncio.timeout(args.timeout if args.variant == "timeout" else None):
            await asyncio.gather(*(comprehension(args, t, lists[t]) for t in range(args.tasks)))
    except TimeoutError:
        status = "timed-out"
    report(args, started, status, lists)


if __name__ == "__main__":
    p = parser(__doc__, ["timeout", "no-timeout"])
    p.add_argument("--timeout", type=float, default=None)
    a = p.parse_args()
    a.timeout = (a.values // 2 + 0.5) * a.delay if a.timeout is None else a.timeout
    asyncio.run(main(a))
