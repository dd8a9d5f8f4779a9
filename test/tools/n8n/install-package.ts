import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { progress } from './log';
import { cleanNpmEnv } from './npm-env';
import { runCommand } from './run-command';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface PackageManifest {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
}

/** `npm pack` of the built repo into a fresh temp folder; returns the tarball path. Needs `npm run build` first. */
export async function packPackage(repoRoot = REPO_ROOT): Promise<string> {
	const outDir = mkdtempSync(path.join(tmpdir(), 'timelinesai-pack-'));
	const output = await runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: repoRoot,
		env: cleanNpmEnv(),
	});
	const [{ filename }] = JSON.parse(output.slice(output.indexOf('['))) as Array<{ filename: string }>;
	return path.join(outDir, filename);
}

/** Where n8n keeps community packages for a given N8N_USER_FOLDER. */
export function nodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/**
 * Installs a packed tarball exactly the way n8n 2.8.4 installs a community package
 * (community-packages.service.js): unpack into .n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies,
 * `npm install` its runtime dependencies in place, and record it in .n8n/nodes/package.json.
 */
export async function installPackageLikeN8n(tarball: string, userFolder: string): Promise<PackageManifest> {
	const manifest = await readPackedManifest(tarball);
	const packageDir = path.join(nodesDir(userFolder), 'node_modules', manifest.name);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	await runCommand('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: packageDir });

	const { devDependencies, peerDependencies, optionalDependencies, ...stripped } = manifest;
	writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(stripped, null, 2));

	progress(`installing ${manifest.name}@${manifest.version} into ${packageDir}`);
	await runCommand('npm', ['install', ...N8N_NPM_INSTALL_ARGS], { cwd: packageDir, env: cleanNpmEnv() });
	recordInNodesManifest(userFolder, manifest);
	return manifest;
}

/** n8n 2.8.4's CommunityPackagesService.getNpmInstallArgs(). */
const N8N_NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

async function readPackedManifest(tarball: string): Promise<PackageManifest> {
	const json = await runCommand('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: path.dirname(tarball) });
	return JSON.parse(json) as PackageManifest;
}

function recordInNodesManifest(userFolder: string, manifest: PackageManifest): void {
	const file = path.join(nodesDir(userFolder), 'package.json');
	let nodesManifest: { name: string; private: boolean; dependencies: Record<string, string> };
	try {
		nodesManifest = JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		nodesManifest = { name: 'installed-nodes', private: true, dependencies: {} };
	}
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [manifest.name]: manifest.version };
	writeFileSync(file, JSON.stringify(nodesManifest, null, 2));
}

/** The built files n8n loads, as package.json's `n8n` section lists them (`dist/...js`, relative to the repo). */
export function builtEntryPoints(repoRoot = REPO_ROOT): string[] {
	const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	return [...manifest.n8n.nodes, ...manifest.n8n.credentials];
}

/** Build output must exist before packing; says how to fix it when it does not. */
export function assertBuilt(repoRoot = REPO_ROOT): void {
	const missing = builtEntryPoints(repoRoot).filter((file) => !existsSync(path.join(repoRoot, file)));
	if (missing.length > 0) {
		throw new Error(`Build output missing (${missing.join(', ')}). Run \`npm run build\` first.`);
	}
}
