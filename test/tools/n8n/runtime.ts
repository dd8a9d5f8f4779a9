import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { withInstallLock } from './install-lock';
import { formatDuration, progress } from './log';
import { findInstallScriptPackages } from './native-packages';
import { cleanNpmEnv } from './npm-env';
import { runCommand } from './run-command';

export interface N8nRelease {
	version: string;
	/** Major version of the Node.js that runs it, installed from the `node` npm package; none: the machine's own. */
	nodeMajor?: number;
}

/**
 * The n8n releases the package is tested on. The first is the default (npm start, the full e2e suite): the newest
 * that installs from this registry (2.41.3 asks for about 22 patch releases the registry does not have). 1.123.x is
 * the last 1.x line (its isolated-vm does not build on Node 20); 2.8.4 is the line this package was first tested on.
 */
export const N8N_RELEASES: readonly N8nRelease[] = [
	{ version: '2.41.1', nodeMajor: 24 },
	{ version: '1.123.81', nodeMajor: 22 },
	{ version: '2.8.4' },
];

export const DEFAULT_N8N_RELEASE = N8N_RELEASES[0];

/** A release by its version or a prefix of it ("2.41", "1.123"); the default when none is given. */
export function findN8nRelease(wanted: string | undefined): N8nRelease {
	if (!wanted) return DEFAULT_N8N_RELEASE;
	const release = N8N_RELEASES.find(({ version }) => version === wanted || version.startsWith(`${wanted}.`));
	if (!release) {
		throw new Error(`n8n ${wanted} is not one of the tested releases (${N8N_RELEASES.map((r) => r.version).join(', ')})`);
	}
	return release;
}

/**
 * n8n's tree fetches `xlsx` from its vendor's site (unreachable here); the override points it at the registry's
 * release. It lives only in the runtime's own package.json, never in ours (n8n's community-package lint forbids it).
 */
function runtimeManifest(release: N8nRelease) {
	return { name: 'n8n-runtime', private: true, dependencies: { n8n: release.version }, overrides: { xlsx: '0.18.5' } };
}

/**
 * Install scripts left out, none needed by what we run: the Kafka client of n8n 2.x's Kafka node fails offline (it
 * downloads a prebuilt binary, then zlib, OpenSSL, zstd and curl sources); scarf only reports the install home.
 */
const SKIPPED_INSTALL_SCRIPTS = new Set(['@confluentinc/kafka-javascript', '@scarf/scarf']);

const MARKER_FILE = '.install-complete';

export interface N8nRuntime {
	dir: string;
	version: string;
	/** Path of n8n's CLI entry. */
	bin: string;
	/** The Node.js binary that runs n8n. */
	node: string;
}

function cacheRoot(): string {
	return path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-timelinesai');
}

/** Cached across clones on this machine; N8N_RUNTIME_DIR overrides it for the default release. */
export function runtimeDir(release: N8nRelease = DEFAULT_N8N_RELEASE): string {
	if (process.env.N8N_RUNTIME_DIR && release === DEFAULT_N8N_RELEASE) return process.env.N8N_RUNTIME_DIR;
	return path.join(cacheRoot(), `n8n-${release.version}`);
}

function nodeDir(dir: string, release: N8nRelease): string {
	return path.join(dir, `node-${release.nodeMajor}`);
}

function runtimeFor(dir: string, release: N8nRelease): N8nRuntime {
	return {
		dir,
		version: release.version,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		node: release.nodeMajor ? path.join(nodeDir(dir, release), 'node_modules', 'node', 'bin', 'node') : process.execPath,
	};
}

function installedVersion(dir: string): string | undefined {
	const manifest = path.join(dir, 'node_modules', 'n8n', 'package.json');
	if (!existsSync(manifest)) return undefined;
	return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Complete = the marker (written only after a successful install) matches the manifest and n8n is really there. */
function isComplete(dir: string, release: N8nRelease): boolean {
	const marker = path.join(dir, MARKER_FILE);
	return (
		existsSync(marker) &&
		readFileSync(marker, 'utf8') === JSON.stringify(runtimeManifest(release)) &&
		installedVersion(dir) === release.version &&
		existsSync(runtimeFor(dir, release).node)
	);
}

/**
 * Makes sure the release is installed in the cache folder, installing it (4–6 minutes, about 2.5 GB) when it is missing
 * or a previous install did not finish. Idempotent: a complete install returns at once.
 */
export async function ensureN8nRuntime(release: N8nRelease = DEFAULT_N8N_RELEASE): Promise<N8nRuntime> {
	const dir = runtimeDir(release);
	if (isComplete(dir, release)) return runtimeFor(dir, release);
	mkdirSync(path.dirname(dir), { recursive: true });
	return await withInstallLock(dir, async () => {
		// Another process may have finished the install while we waited for the lock.
		if (!isComplete(dir, release)) await install(dir, release);
		return runtimeFor(dir, release);
	});
}

async function install(dir: string, release: N8nRelease): Promise<void> {
	mkdirSync(dir, { recursive: true });
	rmSync(path.join(dir, MARKER_FILE), { force: true });
	const started = Date.now();
	const heartbeat = setInterval(() => {
		progress(`  still installing n8n ${release.version} (${formatDuration(Date.now() - started)} so far)`);
	}, 15_000);
	try {
		const env = release.nodeMajor ? await withOwnNode(dir, release) : withMachineNodeHeaders();
		writeFileSync(path.join(dir, 'package.json'), JSON.stringify(runtimeManifest(release), null, 2) + '\n');
		progress(`installing n8n ${release.version} into ${dir} (first run only: about 5 minutes, 2.5 GB)`);
		// Scripts off for the whole tree, then on for each native package but those that cannot build offline.
		await npm(['install', '--ignore-scripts'], dir, env);
		const native = findInstallScriptPackages(path.join(dir, 'node_modules')).filter((name) => !SKIPPED_INSTALL_SCRIPTS.has(name));
		progress(`building n8n's native modules: ${native.join(', ')}`);
		await npm(['rebuild', '--ignore-scripts=false', ...native], dir, env);
	} finally {
		clearInterval(heartbeat);
	}
	if (installedVersion(dir) !== release.version) {
		throw new Error(`npm finished but ${dir}/node_modules/n8n is not version ${release.version}`);
	}
	writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify(runtimeManifest(release)));
	progress(`n8n ${release.version} installed in ${formatDuration(Date.now() - started)}`);
}

/** A plain npm as n8n's docs describe it; the settings of this repo (.npmrc, npm_config_*) stay out. */
async function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
	await runCommand('npm', [...args, '--no-audit', '--no-fund', '--loglevel=warn'], { cwd, env, showOutput: true });
}

/**
 * Installs the release's Node.js (the `node` npm package carries the official binary and headers) and returns an
 * environment in which npm's scripts and node-gyp use it: native modules are then built for the Node that runs n8n.
 */
async function withOwnNode(dir: string, release: N8nRelease): Promise<NodeJS.ProcessEnv> {
	const folder = nodeDir(dir, release);
	mkdirSync(folder, { recursive: true });
	writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'n8n-runtime-node', private: true }));
	progress(`installing Node.js ${release.nodeMajor} for n8n ${release.version}`);
	await npm(['install', '--ignore-scripts=false', `node@${release.nodeMajor}`], folder, cleanNpmEnv());
	const binary = path.join(folder, 'node_modules', 'node', 'bin');
	const distribution = path.join(folder, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	const env = cleanNpmEnv();
	return { ...env, PATH: `${binary}${path.delimiter}${env.PATH ?? ''}`, npm_config_nodedir: distribution };
}

/**
 * For a release run by this Node: node-gyp builds against the headers installed beside it (official and Debian builds
 * ship them in include/node) when their version is this Node's. Without them it would download headers from
 * nodejs.org, which an offline machine cannot reach (an npm config's `nodedir` may name them, a fresh CI user's does not).
 */
function withMachineNodeHeaders(): NodeJS.ProcessEnv {
	const env = cleanNpmEnv();
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	const versionHeader = path.join(prefix, 'include', 'node', 'node_version.h');
	if (!existsSync(versionHeader)) return env;
	const header = readFileSync(versionHeader, 'utf8');
	const part = (name: string) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(header)?.[1];
	const headerVersion = `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
	return headerVersion === process.versions.node ? { ...env, npm_config_nodedir: prefix } : env;
}

if (require.main === module) {
	const release = findN8nRelease(process.argv[2]);
	ensureN8nRuntime(release).then(
		(runtime) => progress(`n8n ${runtime.version} ready in ${runtime.dir}`),
		(error: Error) => {
			progress(error.message);
			process.exit(1);
		},
	);
}
