import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The sandbox is an independent witness: it reads the protocol from the spec, never from the nodes' code, so a node
 * that drifts from the protocol meets a refusal instead of a sandbox sharing its mistake.
 */

const ROOT = path.resolve(__dirname, '../..');
const SANDBOX_DIR = path.join(ROOT, 'test/sandbox');
const PACKAGE_NAME = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string }).name;
/** The package's own code, as source or as built. */
const FORBIDDEN_DIRS = ['nodes', 'credentials', 'dist'].map((dir) => path.join(ROOT, dir));

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(c|m)?[jt]sx?$/.test(entry.name) ? [full] : [];
	});
}

/** Every module a file names: static imports, `export ... from`, `import()`, `require()`, `import x = require()`. */
function specifiers(source: string): string[] {
	return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

const isInside = (target: string, dir: string) => target === dir || target.startsWith(`${dir}${path.sep}`);

/** The imports of a file that reach into `dirs`, or name the package itself if `packageName` is set. */
function importsInto(file: string, source: string, dirs: string[], { packageName = false } = {}): string[] {
	return specifiers(source)
		.filter((specifier) => {
			if (specifier === PACKAGE_NAME || specifier.startsWith(`${PACKAGE_NAME}/`)) return packageName;
			if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return false;
			const target = path.resolve(path.dirname(file), specifier);
			return dirs.some((dir) => isInside(target, dir));
		})
		.map((specifier) => `${path.relative(ROOT, file)} imports "${specifier}"`);
}

const forbiddenImports = (file: string, source: string) => importsInto(file, source, FORBIDDEN_DIRS, { packageName: true });

/** Every import from a file under `dirs` into `into`. */
function importsBetween(dirs: string[], into: string[]): string[] {
	const files = dirs.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
	expect(files.length).toBeGreaterThan(5);
	return files.flatMap((file) => importsInto(file, readFileSync(file, 'utf8'), into));
}

describe('the sandbox does not import the package\'s own code', () => {
	it('no file under test/sandbox imports from nodes/, credentials/ or dist/', () => {
		const files = sourceFiles(SANDBOX_DIR);
		expect(files.length).toBeGreaterThan(10);
		const offences = files.flatMap((file) => forbiddenImports(file, readFileSync(file, 'utf8')));
		expect(offences).toEqual([]);
	});

	it('the check recognises every way of importing, however the path is written', () => {
		const file = path.join(SANDBOX_DIR, 'example.ts');
		const source = [
			"import { creditsFor } from '../../nodes/TimelinesAi/protocol';",
			"import type { X } from '../sandbox/../../nodes/TimelinesAi/protocol/inbound';",
			"export * from '../../credentials/TimelinesAiApi.credentials';",
			"const lazy = () => import('../../dist/nodes/TimelinesAi/TimelinesAiSend.node.js');",
			"const old = require('./../../nodes');",
			`import pkg = require('${PACKAGE_NAME}/dist/nodes/TimelinesAi/protocol');`,
			"import { z } from 'zod';",
			"import { json } from './http';",
			"import { fixtures } from '../fixtures/spec';",
		].join('\n');
		expect(forbiddenImports(file, source)).toHaveLength(6);
	});
});

/**
 * The development tooling's imports run one way, so none of it is needed to load the package and none of it loops:
 * the package never imports test/, and the n8n runner and `npm start` (test/tools) use only the sandbox.
 */
describe('imports between the package and its tooling run one way', () => {
	const testDir = path.join(ROOT, 'test');
	const testDirsBut = (...kept: string[]) =>
		readdirSync(testDir, { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && !kept.includes(entry.name))
			.map((entry) => path.join(testDir, entry.name));

	it('no file under nodes/ or credentials/ imports from test/', () => {
		expect(importsBetween(['nodes', 'credentials'], [testDir])).toEqual([]);
	});

	it('test/tools imports nothing under test/ but the sandbox', () => {
		const others = testDirsBut('tools', 'sandbox');
		expect(others).toContain(path.join(testDir, 'e2e'));
		expect(importsBetween(['test/tools'], others)).toEqual([]);
	});

	it('test/sandbox imports nothing under test/ but the spec fixtures', () => {
		const others = testDirsBut('sandbox', 'fixtures');
		expect(others).toContain(path.join(testDir, 'tools'));
		expect(importsBetween(['test/sandbox'], others)).toEqual([]);
	});
});
