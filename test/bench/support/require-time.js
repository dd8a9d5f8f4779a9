// Run as `node require-time.js <module> [preload]` in a fresh process: prints how long require(<module>) took, in ms.
// Plain JavaScript on purpose: a TypeScript loader would hook every require and distort the figure.
const { performance } = require('node:perf_hooks');
const path = require('node:path');

const [target, preload] = process.argv.slice(2);
if (preload) require(require.resolve(preload, { paths: [path.dirname(target)] }));
const started = performance.now();
require(target);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
