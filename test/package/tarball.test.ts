import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { assertBuilt, builtEntryPoints, packPackage, REPO_ROOT } from '../tools/n8n/install-package';
import { runCommand } from '../tools/n8n/run-command';

/**
 * The package as npm publishes it (`npm pack` of the built repo), checked the way n8n's verification of community
 * packages checks it: `@n8n/scan-community-package`'s analyser on the tarball's contents and on the source, no
 * `dependencies`, and no source maps.
 */

const SCAN = path.join(__dirname, 'support', 'scan.mjs');
const SCAN_TIMEOUT_MS = 120_000;
/** What gulpfile.js builds all the code into. */
const BUNDLE = 'dist/nodes/TimelinesAi/bundle.js';
/** The licence texts of the libraries in BUNDLE, which gulpfile.js writes. */
const NOTICES = 'dist/THIRD_PARTY_NOTICES.md';

let packDir: string;
let unpacked: string;

beforeAll(async () => {
	assertBuilt();
	const tarball = await packPackage();
	packDir = path.dirname(tarball);
	await runCommand('tar', ['-xzf', tarball], { cwd: packDir });
	unpacked = path.join(packDir, 'package');
}, 60_000);

afterAll(() => {
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
		.sort();
}

/**
 * The libraries bundled into a built file: esbuild marks each library module with a comment holding its path, e.g.
 * `// node_modules/zod/v3/types.js` (`// ../main/node_modules/…` where node_modules is a link to another checkout).
 */
function librariesIn(code: string): string[] {
	const libraries = [...code.matchAll(/^\/\/ (?:\S*\/)?node_modules\/(@[^/]+\/[^/]+|[^/]+)\//gm)].map((match) => match[1]);
	return [...new Set(libraries)].sort();
}

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
	/** What the scanner warns about but does not fail on, e.g. a credential field masked under a name that does not look secret. */
	warnings: string[];
}

async function scan(folder: string, leg: 'source' | 'tarball'): Promise<ScanResult> {
	// Without jest's NODE_ENV=test: with it, eslint-plugin-n8n-nodes-base lints as in its own tests (fake file names).
	// TMPDIR: the scanner leaves a temp folder behind per run; packDir is removed after the tests.
	const { NODE_ENV: _jest, ...env } = process.env;
	const output = await runCommand(process.execPath, [SCAN, folder, leg], { cwd: REPO_ROOT, env: { ...env, TMPDIR: packDir } });
	return JSON.parse(output.trim().split('\n').pop() ?? '') as ScanResult;
}

describe('the published package', () => {
	it('has no dependencies: n8n Cloud installs none, so zod and libphonenumber-js are bundled into dist/', () => {
		const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.optionalDependencies).toBeUndefined();
		expect(manifest.bundleDependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it(
		'passes n8n’s community-package scanner on the tarball: 0 errors, 0 warnings',
		async () => {
			expect(await scan(unpacked, 'tarball')).toEqual({ passed: true, warnings: [] });
		},
		SCAN_TIMEOUT_MS,
	);

	it(
		'passes n8n’s community-package scanner on the source: 0 errors, 0 warnings (it ignores eslint-disable comments)',
		async () => {
			expect(await scan(REPO_ROOT, 'source')).toEqual({ passed: true, warnings: [] });
		},
		SCAN_TIMEOUT_MS,
	);

	it('ships the bundle, one small file per node and credential, each node with its codex file, and the icons beside them', () => {
		const nodes = builtEntryPoints().filter((file) => file.endsWith('.node.js'));
		const icons = filesUnder(path.join(REPO_ROOT, 'nodes')).filter((file) => /\.(svg|png)$/.test(file));
		const expected = [
			BUNDLE,
			NOTICES,
			...builtEntryPoints(),
			...nodes.map((file) => file.replace(/\.js$/, '.json')),
			...icons.map((icon) => path.join('dist', 'nodes', icon)),
		];
		expect(filesUnder(path.join(unpacked, 'dist'))).toEqual(expected.map((file) => path.relative('dist', file)).sort());
	});

	it('ships zod and libphonenumber-js once: every file n8n loads takes its class from the one bundle', () => {
		for (const entry of builtEntryPoints()) {
			const className = path.basename(entry).split('.')[0];
			const bundle = path.relative(path.dirname(entry), BUNDLE).split(path.sep).join('/');
			const code = readFileSync(path.join(unpacked, entry), 'utf8');
			expect(code).toContain(`exports.${className} = require('${bundle.startsWith('.') ? bundle : `./${bundle}`}').${className}();`);
			expect(code.length).toBeLessThan(300);
		}
		const withLibrary = (library: string) =>
			filesUnder(unpacked).filter((file) => file.endsWith('.js') && librariesIn(readFileSync(path.join(unpacked, file), 'utf8')).includes(library));
		expect(withLibrary('zod')).toEqual([BUNDLE]);
		expect(withLibrary('libphonenumber-js')).toEqual([BUNDLE]);
	});

	it('ships the MIT licence under the package’s own name, as package.json declares', () => {
		const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { license: string };
		const licence = readFileSync(path.join(unpacked, 'LICENSE'), 'utf8');
		expect(manifest.license).toBe('MIT');
		expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} n8n-nodes-timelinesai maintainers\n/);
		expect(licence).toContain('The above copyright notice and this permission notice shall be included in all');
	});

	it('ships every bundled library’s licence files word for word (their licences require it)', () => {
		// The libraries as esbuild marked them in the bundle, not as the build lists them.
		const libraries = librariesIn(readFileSync(path.join(unpacked, BUNDLE), 'utf8'));
		expect(libraries).toEqual(['libphonenumber-js', 'zod']);
		const notices = readFileSync(path.join(unpacked, NOTICES), 'utf8');
		for (const library of libraries) {
			const folder = path.join(REPO_ROOT, 'node_modules', library);
			const { version } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string };
			expect(notices).toContain(`## ${library} ${version} `);
			const licenceFiles = readdirSync(folder).filter((file) => /^licen[cs]e/i.test(file));
			expect(licenceFiles.length).toBeGreaterThan(0);
			for (const file of licenceFiles) expect(notices).toContain(readFileSync(path.join(folder, file), 'utf8').trimEnd());
		}
	});

	it('ships no source maps (they would point stack traces at .ts files that are not published)', () => {
		const files = filesUnder(unpacked);
		expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
		expect(files.filter((file) => readFileSync(path.join(unpacked, file), 'utf8').includes('sourceMappingURL'))).toEqual([]);
	});
});
