import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { freePort } from '../free-port';
import { REDIS } from './debian-packages';
import { type RunningService, startService } from './service-process';

export interface RunningRedis extends RunningService {
	port: number;
}

/** A Redis for n8n's job queue on a free loopback port, keeping nothing on disk. */
export async function startRedis(folder: string): Promise<RunningRedis> {
	const server = REDIS.locate();
	if (!server) throw new Error('Redis is not installed (ensurePrograms installs it)');
	mkdirSync(folder, { recursive: true });
	const port = await freePort();
	const service = await startService({
		name: 'Redis',
		command: server,
		args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder],
		logFile: path.join(folder, 'redis.log'),
		readyLine: 'Ready to accept connections',
	});
	return { ...service, port };
}
