# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""As completed: results in completion order, against gather's submission order."""
import asyncio
import time

from _common import parser, report, rng


def delay_of(args, task):
    return args.delay * (1 + args.spread * rng(args, f"delay/{task}").random())


async def comprehension(args, task):
    r = rng(args, task)

    async def generator():
        for _ in range(args.values):
            await asyncio.sleep(delay_of(args, task))  # lesson: sleep
            yield r.uniform(0, args.max_value)
    return task, [v async for v in generator()]


async def main(args):
    started = time.perf_counter()
    tasks = [comprehension(args, t) for t in range(args.tasks)]
    if args.variant == "gather":
        results = await asyncio.gather(*tasks)
    else:
        results = [await done for done in asyncio.as_completed(tasks)]
    order = [task for task, _ in results]
    lists = [values for _, values in sorted(results)]
    report(args, started, "finished", lists, order=order)


if __name__ == "__main__":
    p = parser(__doc__, ["as-completed", "gather"])
    p.add_argument("--spread", type=float, default=1.0)
    asyncio.run(main(p.parse_args()))
