const path = require('path');
const { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('fs');
const { parallel, series, task, src, dest } = require('gulp');
const esbuild = require('esbuild');

const { n8n } = require('./package.json');

/** All the package's code, built once; each file n8n loads re-exports its class from here. */
const BUNDLE = path.resolve('dist', 'nodes', 'TimelinesAi', 'bundle.js');
/** The licence texts of the libraries bundled into BUNDLE, which their licences require to ship with their code. */
const NOTICES = path.resolve('dist', 'THIRD_PARTY_NOTICES.md');

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
task('build:bundle', async () => {
	const { metafile } = await esbuild.build({
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
		// Which files went into the bundle: the libraries among them are the ones whose notices must ship.
		metafile: true,
	});
	writeNotices(bundledLibraries(metafile));
});

/** The folders under node_modules of the libraries esbuild put into the bundle (`node_modules/zod`, `node_modules/@scope/name`). */
function bundledLibraries(metafile) {
	const folders = Object.keys(metafile.outputs[path.relative('.', BUNDLE)].inputs)
		.map((input) => /^(?:.*\/)?node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(input))
		.filter(Boolean)
		.map((match) => match[0].slice(0, -1));
	return [...new Set(folders)].sort();
}

/** Every bundled library's name, version and licence files, word for word; a library without a licence file stops the build. */
function writeNotices(libraries) {
	const sections = libraries.map((folder) => {
		const { name, version, license } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
		const licenceFiles = readdirSync(folder).filter((file) => /^(licen[cs]e|copying|notice)/i.test(file)).sort();
		if (licenceFiles.length === 0) throw new Error(`${folder} is bundled into ${BUNDLE} but has no licence file to ship`);
		const texts = licenceFiles.map((file) => `### ${file}\n\n\`\`\`\n${readFileSync(path.join(folder, file), 'utf8').trimEnd()}\n\`\`\``);
		return [`## ${name} ${version} (${license})`, ...texts].join('\n\n');
	});
	writeFileSync(
		NOTICES,
		[
			'# Third-party notices',
			`The file ${path.relative('dist', BUNDLE).split(path.sep).join('/')} contains these libraries, under their own licences:`,
			...sections,
		].join('\n\n') + '\n',
	);
}

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
