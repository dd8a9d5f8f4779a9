import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/** True when npm would run something for the package at install time (a binding.gyp implies `node-gyp rebuild`). */
function hasInstallWork(packageDir: string): boolean {
	const manifestFile = path.join(packageDir, 'package.json');
	if (!existsSync(manifestFile)) return false;
	const { scripts = {} } = JSON.parse(readFileSync(manifestFile, 'utf8')) as { scripts?: Record<string, string> };
	return INSTALL_SCRIPTS.some((name) => scripts[name]) || existsSync(path.join(packageDir, 'binding.gyp'));
}

function packageDirs(nodeModules: string): string[] {
	if (!existsSync(nodeModules)) return [];
	const dirs: string[] = [];
	for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
		if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
		const full = path.join(nodeModules, entry.name);
		if (entry.name.startsWith('@')) {
			for (const scoped of readdirSync(full, { withFileTypes: true })) {
				if (scoped.isDirectory()) dirs.push(path.join(full, scoped.name));
			}
		} else {
			dirs.push(full);
		}
	}
	return dirs;
}

/** Names of the packages anywhere in a node_modules tree that have install-time work, for a later `npm rebuild`. */
export function findInstallScriptPackages(nodeModules: string): string[] {
	const names = new Set<string>();
	const visit = (modules: string) => {
		for (const dir of packageDirs(modules)) {
			if (hasInstallWork(dir)) names.add(path.relative(modules, dir).split(path.sep).join('/'));
			visit(path.join(dir, 'node_modules'));
		}
	};
	visit(nodeModules);
	return [...names].sort();
}
