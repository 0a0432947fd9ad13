#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The seed's three tasks in Node.js, as a benchmark peer for Coroscope.
//
// asyncGenerator (an `async function*` that awaits a setTimeout promise, then yields
// a random number) -> asyncComprehension (`for await` collecting into an array) ->
// measureRuntime (Promise.all over `tasks` comprehensions, timed).
//
// Prints ONE JSON line on stdout:
//   {"peer":"node","tasks":T,"values":N,"delay_s":S,"wall_s":...,"ideal_s":...,
//    "overrun_ms":...,"yields":...}
// "yields" counts the values actually collected. Standard library only.
// As written each sleep counts from the previous wake (relative); with --absolute each
// sleeps until start + k * delay, like Coroscope's drift-free timing.

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Seed task 0: `values` times, wait `delay`, then yield a uniform random number.
async function* asyncGenerator(values, delayMs, maxValue) {
  for (let i = 0; i < values; i++) {
    await sleep(delayMs);
    yield Math.random() * maxValue;
  }
}

// The same, sleeping until absolute deadlines start + k * delay (Coroscope's drift-free).
async function* asyncGeneratorAbsolute(values, delayMs, maxValue, startMs) {
  for (let k = 1; k <= values; k++) {
    await sleep(Math.max(0, startMs + k * delayMs - performance.now()));
    yield Math.random() * maxValue;
  }
}

// Seed task 1: the async comprehension, spelled `for await` in JavaScript.
async function asyncComprehension(values, delayMs, maxValue, startMs) {
  const out = [];
  const gen = startMs === undefined ? asyncGenerator(values, delayMs, maxValue)
                                    : asyncGeneratorAbsolute(values, delayMs, maxValue, startMs);
  for await (const v of gen) out.push(v);
  return out;
}

// Seed task 2: run `tasks` comprehensions concurrently; return elapsed seconds.
async function measureRuntime(tasks, values, delayMs, maxValue, absolute) {
  const start = performance.now();
  const origin = absolute ? start : undefined;
  const comprehensions = [];
  for (let t = 0; t < tasks; t++)
    comprehensions.push(asyncComprehension(values, delayMs, maxValue, origin));
  const results = await Promise.all(comprehensions);
  return { wall: (performance.now() - start) / 1000, results };
}

function fail(message) {
  process.stderr.write(`seed_node.mjs: ${message}\n`);
  process.exit(2);
}

function number(text, name, { integer = false } = {}) {
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x)))
    fail(`--${name} must be a ${integer ? 'positive integer' : 'finite number > 0'}, got ${text}`);
  return x;
}

let opts;
try {
  opts = parseArgs({
    options: {
      tasks: { type: 'string', default: '4' },
      values: { type: 'string', default: '10' },
      delay: { type: 'string', default: '1.0' },
      'max-value': { type: 'string', default: '10' },
      absolute: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  fail(e.message);
}

const tasks = number(opts.tasks, 'tasks', { integer: true });
const values = number(opts.values, 'values', { integer: true });
const delay = number(opts.delay, 'delay');
const maxValue = number(opts['max-value'], 'max-value');

const { wall, results } = await measureRuntime(tasks, values, delay * 1000, maxValue, opts.absolute);
const ideal = values * delay;
let yields = 0;
for (const r of results) yields += r.length;
process.stdout.write(JSON.stringify({
  peer: 'node',
  sleeps: opts.absolute ? 'absolute' : 'relative',
  runtime: `node ${process.versions.node}`,
  tasks,
  values,
  delay_s: delay,
  wall_s: Math.round(wall * 1e6) / 1e6,
  ideal_s: ideal,
  overrun_ms: Math.round((wall - ideal) * 1e6) / 1e3,
  yields,
}) + '\n');
