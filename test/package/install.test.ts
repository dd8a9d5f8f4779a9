import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CREDENTIAL_TYPE, DEFAULT_OWNER, NODE_TYPES, PACKAGE_NAME } from '../tools/n8n/instance';
import { REPO_ROOT } from '../tools/n8n/install-package';
import { cleanNpmEnv } from '../tools/n8n/npm-env';
import { type RunningN8n, startN8n } from '../tools/n8n/process';
import { N8nClient } from '../tools/n8n/rest-client';
import { runCommand } from '../tools/n8n/run-command';
import { ensureN8nRuntime } from '../tools/n8n/runtime';

/**
 * The README's "Self-hosted n8n, from the package file" section, done exactly as written: its two shell blocks are read
 * from the README, so the section and this test cannot drift apart. The build block runs in a copy of the repository
 * (all but its `npm ci`: the copy links this checkout's node_modules instead of installing them again); the install
 * block runs with the n8n runtime's own Node.js first on PATH and HOME pointing at a fresh folder, so its `~/.n8n/nodes`
 * is a fresh n8n user folder's. Then n8n 2.41.1 starts on that folder and must have loaded the three nodes (the hidden
 * older Send among them) and the credential.
 */

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const SETUP_TIMEOUT_MS = 6 * 60_000;
/** nodes.json lists every node n8n has (several MB): its first download can take longer than jest's 5 s on a busy machine. */
const TYPE_LIST_TIMEOUT_MS = 30_000;

/** The `sh` block right after `<!-- marker -->`, without the indentation it has inside a list item. */
function shellBlockAfter(marker: string): string {
	const start = README.indexOf(`<!-- ${marker} -->`);
	if (start < 0) throw new Error(`README.md has no <!-- ${marker} --> before its install commands`);
	const match = /^( *)```sh\n([\s\S]*?)\n *```/m.exec(README.slice(start));
	if (!match) throw new Error(`README.md has no \`\`\`sh block after <!-- ${marker} -->`);
	const indent = match[1];
	return match[2]
		.split('\n')
		.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
		.join('\n');
}

/** The files a clone of this checkout would have (tracked, plus new ones not ignored), copied to `target`. */
async function copyCheckout(target: string): Promise<void> {
	const listed = await runCommand('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT });
	for (const file of listed.split('\0').filter(Boolean)) {
		const source = path.join(REPO_ROOT, file);
		if (!existsSync(source)) continue; // deleted in the working tree, not yet committed
		mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
		cpSync(source, path.join(target, file));
	}
	symlinkSync(realpathSync(path.join(REPO_ROOT, 'node_modules')), path.join(target, 'node_modules'), 'dir');
}

let workDir: string;
let home: string;
let n8n: RunningN8n | undefined;
let client: N8nClient;

beforeAll(async () => {
	const runtime = await ensureN8nRuntime();
	workDir = mkdtempSync(path.join(tmpdir(), 'timelinesai-install-'));
	const checkout = path.join(workDir, 'repo');
	home = path.join(workDir, 'home');
	mkdirSync(home);
	await copyCheckout(checkout);

	const [install, ...build] = shellBlockAfter('install:pack').trim().split(' && ');
	expect(install).toBe('npm ci');
	await runCommand('bash', ['-ec', build.join(' && ')], { cwd: checkout, env: cleanNpmEnv() });

	const env = cleanNpmEnv();
	await runCommand('bash', ['-ec', shellBlockAfter('install:self-hosted')], {
		cwd: checkout,
		env: { ...env, HOME: home, PATH: `${path.dirname(runtime.node)}${path.delimiter}${env.PATH ?? ''}` },
	});

	n8n = await startN8n({ runtime, userFolder: home });
	client = new N8nClient(n8n.baseUrl);
	await client.ensureOwner(DEFAULT_OWNER);
	await client.login(DEFAULT_OWNER.email, DEFAULT_OWNER.password);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
	if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 60_000);

/** One of n8n's type lists, as the editor loads it (needs the owner's session). */
async function typeNames(list: 'nodes' | 'credentials'): Promise<string[]> {
	const response = await fetch(`${n8n!.baseUrl}/types/${list}.json`, { headers: { cookie: client.sessionCookie ?? '' } });
	expect(response.status).toBe(200);
	return ((await response.json()) as Array<{ name: string }>).map(({ name }) => name);
}

describe("the README's install from the package file, on n8n 2.41.1", () => {
	it('puts the package, and no n8n-workflow of its own, into ~/.n8n/nodes', () => {
		const nodeModules = path.join(home, '.n8n', 'nodes', 'node_modules');
		const manifest = JSON.parse(readFileSync(path.join(nodeModules, PACKAGE_NAME, 'package.json'), 'utf8')) as { name: string };
		expect(manifest.name).toBe(PACKAGE_NAME);
		expect(existsSync(path.join(nodeModules, 'n8n-workflow'))).toBe(false);
	});

	it('gives n8n both nodes, the hidden older Send node and the credential', async () => {
		await expect(typeNames('nodes')).resolves.toEqual(expect.arrayContaining(Object.values(NODE_TYPES)));
		await expect(typeNames('credentials')).resolves.toContain(CREDENTIAL_TYPE);
		for (const type of Object.values(NODE_TYPES)) await expect(client.isNodeTypeKnown(type)).resolves.toBe(true);
	}, TYPE_LIST_TIMEOUT_MS);

	it('is not listed under Settings → Community Nodes, as the README says', async () => {
		const response = await fetch(`${n8n!.baseUrl}/rest/community-packages`, { headers: { cookie: client.sessionCookie ?? '' } });
		expect(response.status).toBe(200);
		const { data } = (await response.json()) as { data: Array<{ packageName: string }> };
		expect(data.map(({ packageName }) => packageName)).not.toContain(PACKAGE_NAME);
	});
});
