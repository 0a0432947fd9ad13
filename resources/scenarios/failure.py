# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Failure: gather lets the others go on; a TaskGroup cancels them at the failure."""
import asyncio
import time

from _common import parser, report, rng


async def comprehension(args, task, into):
    r = rng(args, task)
    for k in range(args.values):
        await asyncio.sleep(args.delay)  # lesson: sleep
        if task == args.fail_task and k == args.fail_at:
            raise ValueError(f"task {task} could not read value {k}")  # lesson: raise
        into.append(r.uniform(0, args.max_value))


async def main(args):
    started = time.perf_counter()
    lists = [[] for _ in range(args.tasks)]
    coros = [comprehension(args, t, lists[t]) for t in range(args.tasks)]
    try:
        if args.variant == "gather":
            results = await asyncio.gather(*coros, return_exceptions=True)
            errors = [r for r in results if isinstance(r, Exception)]
            if errors:
                raise errors[0]
        else:
            async with asyncio.TaskGroup() as group:
                for c in coros:
                    group.create_task(c)
        report(args, started, "finished", lists)
    except* ValueError as failure:
        report(args, started, "failed", lists, error=str(failure.exceptions[0]))


if __name__ == "__main__":
    p = parser(__doc__, ["gather", "task-group"])
    p.add_argument("--fail-task", type=int, default=1)
    p.add_argument("--fail-at", type=int, default=None)
    a = p.parse_args()
    a.fail_at = a.values // 2 if a.fail_at is None else a.fail_at
    asyncio.run(main(a))
