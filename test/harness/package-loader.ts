import { PackageDirectoryLoader } from 'n8n-core';
import { NodeHelpers, type ICredentialType, type INodeType, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { builtEntryPoints } from '../tools/n8n/install-package';

export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-timelinesai';

/** `n8n-nodes-timelinesai.timelinesAiSend`: how n8n names a community node type. */
export function nodeTypeName(shortName: string): string {
	return `${PACKAGE_NAME}.${shortName}`;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

function mtime(file: string): number | undefined {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
}

/** Tests run the built package, as n8n does; a missing or stale `dist/` would test old code. */
function assertBuildIsCurrent(): void {
	const builtAt = Math.min(...builtEntryPoints(PACKAGE_DIR).map((file) => mtime(path.join(PACKAGE_DIR, file)) ?? -Infinity));
	const sources = ['nodes', 'credentials'].flatMap((dir) => sourceFiles(path.join(PACKAGE_DIR, dir)));
	// One build writes the shared bundle and every entry file n8n loads: every source must be older than the oldest of them.
	const stale = sources.filter((source) => builtAt + 1000 < (mtime(source) ?? 0));
	if (stale.length > 0) {
		const names = stale.map((source) => path.relative(PACKAGE_DIR, source)).join(', ');
		throw new Error(`dist/ is missing or older than ${names}: run \`npm run build\` before these tests (npm test does).`);
	}
}

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialType(name: string): ICredentialType;
	nodeType(shortName: string): INodeType;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Our package loaded by n8n-core's own PackageDirectoryLoader (the community-package loader), once per test file. */
export async function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		assertBuildIsCurrent();
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		const byFullName = (name: string): INodeType | IVersionedNodeType => {
			const shortName = name.startsWith(`${PACKAGE_NAME}.`) ? name.slice(PACKAGE_NAME.length + 1) : name;
			const data = loader.nodeTypes[shortName];
			if (!data) throw new Error(`Unknown node type ${name}`);
			return data.type;
		};
		const nodeTypes: INodeTypes = {
			getByName: byFullName,
			getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byFullName(name), version),
			getKnownTypes: () => loader.known.nodes,
		};
		return {
			nodeTypes,
			credentialType: (name) => loader.getCredential(name).type,
			nodeType: (shortName) => NodeHelpers.getVersionedNodeType(byFullName(shortName)),
		};
	})();
	return await loaded;
}
