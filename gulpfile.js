const path = require('path');
const { mkdirSync, rmSync, writeFileSync } = require('fs');
const { parallel, series, task, src, dest } = require('gulp');
const esbuild = require('esbuild');

const { n8n } = require('./package.json');

/** All the package's code, built once; each file n8n loads re-exports its class from here. */
const BUNDLE = path.resolve('dist', 'nodes', 'TimelinesAi', 'bundle.js');

/**
 * The files n8n loads (package.json `n8n`), each with the `.ts` file of the same name it comes from and the class
 * n8n takes from it: n8n requires the file and takes the export named like the file up to its first dot.
 */
const entries = [...n8n.nodes, ...n8n.credentials].map((built) => ({
	built: path.resolve(built),
	source: path.resolve(built.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
	className: path.basename(built).split('.')[0],
}));

task('build:clean', (done) => {
	rmSync(path.resolve('dist'), { recursive: true, force: true });
	done();
});

// One file with every node and the credential: zod and libphonenumber-js are bundled in, so the published package
// has no `dependencies` (n8n Cloud installs none), and they ship once instead of once per node. n8n-workflow is
// n8n's own library (our peer dependency), so it stays a require().
// Each class is reached through a function around require(): esbuild then runs a module's top level only when a
// class that needs it is first taken, so the Trigger or the credential alone does not load what only Send uses.
// No source maps: the `.ts` files they would point at are not published.
task('build:bundle', () =>
	esbuild.build({
		stdin: {
			contents: `module.exports = {\n${entries
				.map(({ source, className }) => `\t${className}: () => require(${JSON.stringify(source)}).${className},\n`)
				.join('')}};\n`,
			resolveDir: path.resolve('.'),
			sourcefile: 'bundle.js',
			loader: 'js',
		},
		outfile: BUNDLE,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		// Libraries' ES module builds, so what the nodes do not import is left out.
		mainFields: ['module', 'main'],
		// Classes and functions keep the names they have in the source (error names, stack traces).
		keepNames: true,
		sourcemap: false,
		logLevel: 'warning',
	}),
);

// The files package.json lists: each takes its one class from the bundle.
task('build:entries', (done) => {
	for (const { built, className } of entries) {
		const relative = path.relative(path.dirname(built), BUNDLE).split(path.sep).join('/');
		const bundle = relative.startsWith('.') ? relative : `./${relative}`;
		mkdirSync(path.dirname(built), { recursive: true });
		writeFileSync(
			built,
			`'use strict';\n// Built by gulpfile.js: the code is in ${path.basename(BUNDLE)}, shared by the package's nodes and credential.\nexports.${className} = require('${bundle}').${className}();\n`,
		);
	}
	done();
});

// n8n reads each node's codex (`<name>.node.json`) and icons from beside the built node
// (the credential points at the node's icons, so credentials/ has none of its own).
task('build:assets', () =>
	src(path.resolve('nodes', '**', '*.{png,svg,node.json}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes'))),
);

task('build', series('build:clean', parallel('build:bundle', 'build:entries', 'build:assets')));
