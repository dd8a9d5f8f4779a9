import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { withInstallLock } from './install-lock';
import { formatDuration, progress } from './log';
import { cleanNpmEnv } from './npm-env';
import { runCommand } from './run-command';

/** The n8n release we run against: the newest that installs from this registry and starts on Node 20. */
export const N8N_VERSION = '2.8.4';

/**
 * The runtime's own package.json. n8n's tree fetches `xlsx` from its vendor's site (unreachable); the override points it at
 * the registry's release. It lives here, never in our published package.json (n8n's community-package lint forbids overrides).
 */
const RUNTIME_MANIFEST = {
	name: 'n8n-runtime',
	private: true,
	dependencies: { n8n: N8N_VERSION },
	overrides: { xlsx: '0.18.5' },
};

const MARKER_FILE = '.install-complete';

export interface N8nRuntime {
	dir: string;
	version: string;
	/** Path of n8n's CLI entry, run with `node`. */
	bin: string;
}

/** Cached across clones on this machine; override with N8N_RUNTIME_DIR. */
export function runtimeDir(): string {
	return (
		process.env.N8N_RUNTIME_DIR ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-timelinesai', `n8n-${N8N_VERSION}`)
	);
}

function runtimeFor(dir: string): N8nRuntime {
	return { dir, version: N8N_VERSION, bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n') };
}

function installedVersion(dir: string): string | undefined {
	const manifest = path.join(dir, 'node_modules', 'n8n', 'package.json');
	if (!existsSync(manifest)) return undefined;
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function markerContent(): string {
	return JSON.stringify(RUNTIME_MANIFEST);
}

/** Complete = the marker (written only after a successful install) matches this manifest and n8n is really there. */
function isComplete(dir: string): boolean {
	const marker = path.join(dir, MARKER_FILE);
	return (
		existsSync(marker) && readFileSync(marker, 'utf8') === markerContent() && installedVersion(dir) === N8N_VERSION
	);
}

/**
 * Makes sure n8n is installed in the cache folder, installing it (about 5 minutes, 2.3 GB) when it is missing or a
 * previous install did not finish. Idempotent: a complete install returns at once.
 */
export async function ensureN8nRuntime(): Promise<N8nRuntime> {
	const dir = runtimeDir();
	if (isComplete(dir)) return runtimeFor(dir);
	mkdirSync(path.dirname(dir), { recursive: true });
	return await withInstallLock(dir, async () => {
		// Another process may have finished the install while we waited for the lock.
		if (!isComplete(dir)) await install(dir);
		return runtimeFor(dir);
	});
}

async function install(dir: string): Promise<void> {
	mkdirSync(dir, { recursive: true });
	rmSync(path.join(dir, MARKER_FILE), { force: true });
	writeFileSync(path.join(dir, 'package.json'), JSON.stringify(RUNTIME_MANIFEST, null, 2) + '\n');
	progress(`installing n8n ${N8N_VERSION} into ${dir} (first run only: about 5 minutes, 2.3 GB)`);

	const started = Date.now();
	const heartbeat = setInterval(() => {
		progress(`  still installing n8n (${formatDuration(Date.now() - started)} so far)`);
	}, 15_000);
	try {
		// A plain `npm install` as n8n's docs describe it; the settings of this repo (.npmrc, npm_config_*) stay out.
		await runCommand('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts=false', '--loglevel=warn'], {
			cwd: dir,
			env: cleanNpmEnv(),
			showOutput: true,
		});
	} finally {
		clearInterval(heartbeat);
	}
	if (installedVersion(dir) !== N8N_VERSION) {
		throw new Error(`npm finished but ${dir}/node_modules/n8n is not version ${N8N_VERSION}`);
	}
	writeFileSync(path.join(dir, MARKER_FILE), markerContent());
	progress(`n8n ${N8N_VERSION} installed in ${formatDuration(Date.now() - started)}`);
}

if (require.main === module) {
	ensureN8nRuntime().then(
		(runtime) => progress(`n8n ${runtime.version} ready in ${runtime.dir}`),
		(error: Error) => {
			progress(error.message);
			process.exit(1);
		},
	);
}
