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

function isForbidden(fromFile: string, specifier: string): boolean {
	if (specifier === PACKAGE_NAME || specifier.startsWith(`${PACKAGE_NAME}/`)) return true;
	if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return false;
	const target = path.resolve(path.dirname(fromFile), specifier);
	return FORBIDDEN_DIRS.some((dir) => target === dir || target.startsWith(`${dir}${path.sep}`));
}

function forbiddenImports(file: string, source: string): string[] {
	return specifiers(source)
		.filter((specifier) => isForbidden(file, specifier))
		.map((specifier) => `${path.relative(ROOT, file)} imports "${specifier}"`);
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
