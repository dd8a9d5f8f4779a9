import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { freePort } from '../free-port';
import { runCommand } from '../run-command';
import { POSTGRESQL } from './debian-packages';
import { type RunningService, startService } from './service-process';

export interface RunningPostgres extends RunningService {
	port: number;
	database: string;
	user: string;
}

const DATABASE = 'n8n';
const DB_USER = 'n8n';
/** The account the Debian package creates; PostgreSQL refuses to run as root. */
const SYSTEM_USER = 'postgres';

/** As root, PostgreSQL runs as the `postgres` account; as anyone else, as that user. */
function serverUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => Number(execFileSync('id', [flag, SYSTEM_USER], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * A throwaway PostgreSQL for n8n in `folder` (data, socket and log), on a free loopback port, with trusted local
 * logins and without fsync: it holds test data only and is deleted with the folder. The folder's parent is opened to
 * the server's account, so it must sit in a folder that account can reach, such as /tmp.
 */
export async function startPostgres(folder: string): Promise<RunningPostgres> {
	const binDir = POSTGRESQL.locate();
	if (!binDir) throw new Error('PostgreSQL is not installed (ensurePrograms installs it)');
	const bin = (program: string) => path.join(binDir, program);
	const user = serverUser();
	const dataDir = path.join(folder, 'data');
	mkdirSync(folder, { recursive: true });
	// The server's user must reach its folder inside ours.
	chmodSync(path.dirname(folder), 0o755);
	if (user) chownSync(folder, user.uid, user.gid);

	await runCommand(bin('initdb'), ['-D', dataDir, '-U', DB_USER, '--auth=trust', '--encoding=UTF8', '--no-sync'], { cwd: folder, user });
	const port = await freePort();
	const service = await startService({
		name: 'PostgreSQL',
		command: bin('postgres'),
		args: [
			...['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${folder}`],
			...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		],
		logFile: path.join(folder, 'postgres.log'),
		readyLine: 'database system is ready to accept connections',
		user,
		stopSignal: 'SIGINT',
	});
	try {
		await runCommand(bin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, DATABASE], { cwd: folder, user });
	} catch (error) {
		await service.stop();
		throw error;
	}
	return { ...service, port, database: DATABASE, user: DB_USER };
}
