const path = require('path');
const { rmSync } = require('fs');
const { parallel, series, task, src, dest } = require('gulp');
const esbuild = require('esbuild');

const { n8n } = require('./package.json');

/** The files n8n loads (package.json `n8n`), each built from the `.ts` file of the same name. */
const entryPoints = [...n8n.nodes, ...n8n.credentials].map((built) =>
	path.resolve(built.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
);

task('build:clean', (done) => {
	rmSync(path.resolve('dist'), { recursive: true, force: true });
	done();
});

// One self-contained file per node and credential: zod and libphonenumber-js are bundled in, so the published
// package has no `dependencies` (n8n Cloud installs none) and only the code that is used ships. n8n-workflow is
// n8n's own library (our peer dependency), so it stays a require().
// No source maps: the `.ts` files they would point at are not published.
task('build:bundle', () =>
	esbuild.build({
		entryPoints,
		outbase: path.resolve('.'),
		outdir: path.resolve('dist'),
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

// n8n reads each node's codex (`<name>.node.json`) and icons from beside the built node
// (the credential points at the node's icons, so credentials/ has none of its own).
task('build:assets', () =>
	src(path.resolve('nodes', '**', '*.{png,svg,node.json}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes'))),
);

task('build', series('build:clean', parallel('build:bundle', 'build:assets')));
