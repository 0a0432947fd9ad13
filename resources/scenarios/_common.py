# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""What every lab scenario shares: its parameters and its one-line JSON report."""
import argparse
import json
import random
import time


def parser(description, variants):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--tasks", type=int, default=4)
    p.add_argument("--values", type=int, default=10)
    p.add_argument("--delay", type=float, default=1.0)
    p.add_argument("--max-value", type=float, default=10.0)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--variant", choices=variants, default=variants[0])
    return p


def rng(args, task):
    return random.Random(f"{args.seed}/{task}")


def report(args, started, status, lists, **extra):
    print(json.dumps({"variant": args.variant, "status": status,
                      "wall_s": round(time.perf_counter() - started, 6),
                      "counts": [len(values) for values in lists], **extra}))
