import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { progress } from './log';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function lockHolder(pidFile: string): number {
	try {
		return Number(readFileSync(pidFile, 'utf8'));
	} catch {
		return 0; // just created, pid not written yet
	}
}

/**
 * Runs `work` while holding `<dir>.lock` (an atomic mkdir), so `npm start` and `npm test` started together do not run
 * two npm installs into the same folder. A lock left by a process that died is taken over.
 */
export async function withInstallLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
	const lock = `${dir}.lock`;
	const owner = path.join(lock, 'pid');
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(owner, String(process.pid));
			break;
		} catch {
			const holder = lockHolder(owner);
			if (holder && !isAlive(holder)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) progress(`waiting for another install of the n8n runtime (process ${holder || '?'}) to finish`);
			announced = true;
			await sleep(1000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
