// Run as `node require-time.js [--preload <module>] <file>...` in a fresh process: prints how long require() of the
// files, one after the other, took in all, in ms. The preload is resolved from beside the first file and not timed.
// Plain JavaScript on purpose: a TypeScript loader would hook every require and distort the figure.
const { performance } = require('node:perf_hooks');
const path = require('node:path');

const args = process.argv.slice(2);
const preload = args[0] === '--preload' ? args[1] : undefined;
const targets = preload ? args.slice(2) : args;
if (preload) require(require.resolve(preload, { paths: [path.dirname(targets[0])] }));
const started = performance.now();
for (const target of targets) require(target);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
