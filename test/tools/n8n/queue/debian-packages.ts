import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { formatDuration, progress } from '../log';
import { runCommand } from '../run-command';

/** A program the tests need (queue mode's servers, the editor checks' browser), and the Debian package that provides it. */
export interface NeededProgram {
	debianPackage: string;
	/** Where the program is once installed; undefined while it is not. */
	locate(): string | undefined;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest PostgreSQL server installed from Debian packages (its binaries live outside PATH). */
export function postgresBinDir(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const versions = readdirSync(POSTGRES_ROOT)
		.filter((name) => /^\d+$/.test(name) && existsSync(path.join(POSTGRES_ROOT, name, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

export function onPath(program: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, program);
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}

export const POSTGRESQL: NeededProgram = { debianPackage: 'postgresql', locate: postgresBinDir };
export const REDIS: NeededProgram = { debianPackage: 'redis-server', locate: () => onPath('redis-server') };

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
/** Other installs on the machine may hold dpkg's lock for a while: wait for it instead of failing. */
const APT_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=900'];

/**
 * apt-get as root, or through sudo for anyone else (a CI runner's user, who has passwordless sudo). `-n`: where sudo
 * would ask for a password it fails at once instead of waiting for one; `env`: sudo resets the environment.
 */
function aptGet(args: string[]): Promise<string> {
	const asRoot = process.getuid?.() === 0;
	const [command, ...prefix] = asRoot ? ['apt-get'] : ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
	return runCommand(command, [...prefix, ...args, ...APT_LOCK_WAIT], { cwd: '/', env: APT_ENV });
}

/**
 * Installs the Debian packages of the programs that are missing (apt-get, through sudo when not root). A clean
 * machine may have no package lists yet: a failed install is retried once after `apt-get update`.
 */
export async function ensurePrograms(programs: NeededProgram[]): Promise<void> {
	const missing = programs.filter((program) => !program.locate()).map((program) => program.debianPackage);
	if (missing.length === 0) return;
	const started = Date.now();
	progress(`installing ${missing.join(', ')} with apt-get (first run only)`);
	const install = () => aptGet(['install', '-y', '--no-install-recommends', ...missing]);
	try {
		try {
			await install();
		} catch {
			await aptGet(['update']);
			await install();
		}
	} catch (error) {
		throw new Error(
			`Could not install ${missing.join(' and ')}: install them yourself (\`sudo apt-get install -y ${missing.join(' ')}\`), then try again.\n${(error as Error).message}`,
		);
	}
	const stillMissing = programs.filter((program) => !program.locate()).map((program) => program.debianPackage);
	if (stillMissing.length > 0) throw new Error(`apt-get finished but ${stillMissing.join(', ')} is still not installed`);
	progress(`installed ${missing.join(', ')} in ${formatDuration(Date.now() - started)}`);
}
