import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { freePort } from '../free-port';
import { installPackedRepo, launchN8nWithPackage, type N8nWithPackage } from '../instance';
import { formatDuration, progress } from '../log';
import { type N8nCommand, type RunningN8n, startN8n } from '../process';
import type { N8nRuntime } from '../runtime';
import { startBalancer } from './balancer';
import { ensurePrograms, POSTGRESQL, REDIS } from './debian-packages';
import { type RunningPostgres, startPostgres } from './postgres';
import { type RunningRedis, startRedis } from './redis';

export interface QueueTopologyOptions {
	runtime: N8nRuntime;
	/** Holds everything: PostgreSQL's data, Redis, and one N8N_USER_FOLDER per n8n process. */
	folder: string;
	/** Port of the public URL (the balancer); a free one when omitted. */
	port?: number;
	webhookProcesses?: number;
	workers?: number;
	/** Extra environment for every n8n process (the benchmark's expression-engine settings). */
	env?: Record<string, string>;
}

/** How long each step of the start took (ms), for the README's numbers. */
export interface QueueStartTimings {
	programs: number;
	databases: number;
	main: number;
	otherProcesses: number;
	total: number;
}

export interface QueueTopology {
	/** The one public URL: editor and APIs reach the main, each production webhook URL always the same webhook process. */
	url: string;
	/** The main process (editor, API, activation of triggers), with an owner session and API key. */
	main: N8nWithPackage;
	webhookProcesses: RunningN8n[];
	workers: RunningN8n[];
	postgres: RunningPostgres;
	redis: RunningRedis;
	timings: QueueStartTimings;
	stop(): Promise<void>;
}

/** What every process of one installation shares: the database, the queue, the encryption key and the public URL. */
function sharedEnv(postgres: RunningPostgres, redis: RunningRedis, publicUrl: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// n8n's default pool is 2 connections: with a burst of deliveries its health ping waits over 5 s for one, and the
		// process answers every request 503 "Database is not ready!" until a ping gets through (seen on a busy machine).
		// With sticky routing one process takes a trigger's whole burst (200 deliveries at once in test/queue): more
		// connections, and a ping or a query that waits its turn behind them (over 20 s on a busy 2-core machine) is load,
		// not a database failure, so neither answers 500/503 for it.
		DB_POSTGRESDB_POOL_SIZE: '20',
		DB_PING_TIMEOUT_MS: '30000',
		DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000',
		// Workers decrypt the credentials the main saved.
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// Triggers register this URL in TimelinesAI: the balancer, which hands each production webhook to its webhook process.
		WEBHOOK_URL: `${publicUrl}/`,
		N8N_EDITOR_BASE_URL: `${publicUrl}/`,
	};
}

/** `count` processes running `command`, named webhook-1, webhook-2, … after their user folders. */
function numbered(command: N8nCommand, count: number): Array<{ command: N8nCommand; name: string }> {
	return Array.from({ length: count }, (_, i) => ({ command, name: `${command}-${i + 1}` }));
}

/** n8n's recommended main settings with webhook processes: they serve production webhooks, workers run executions. */
const MAIN_ENV = { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true', OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' };

/**
 * n8n in queue mode on loopback, as agencies run it: PostgreSQL and Redis (Debian packages, installed when missing),
 * a main, webhook processes and workers, each with its own user folder and this package installed in it the way n8n
 * installs community packages, behind one balancer URL.
 */
export async function startQueueTopology(options: QueueTopologyOptions): Promise<QueueTopology> {
	const started = Date.now();
	// n8n processes stop together (each may take seconds to finish its work), then what they use.
	const n8nStops: Array<() => Promise<void>> = [];
	const serviceStops: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		await Promise.all(n8nStops.map((stop) => stop().catch(() => undefined)));
		await Promise.all(serviceStops.map((stop) => stop().catch(() => undefined)));
	};
	try {
		await ensurePrograms([POSTGRESQL, REDIS]);
		const programsDone = Date.now();
		const [postgres, redis] = await Promise.all([
			startPostgres(path.join(options.folder, 'postgres')),
			startRedis(path.join(options.folder, 'redis')),
		]);
		serviceStops.push(postgres.stop, redis.stop);
		const databasesDone = Date.now();
		progress(`PostgreSQL on port ${postgres.port} and Redis on port ${redis.port} ready in ${formatDuration(databasesDone - programsDone)}`);

		const processes = [...numbered('webhook', options.webhookProcesses ?? 2), ...numbered('worker', options.workers ?? 1)];
		const ports = { main: await freePort(), others: await Promise.all(processes.map(() => freePort())) };
		const webhookUrls = processes.flatMap((p, i) => (p.command === 'webhook' ? [`http://127.0.0.1:${ports.others[i]}`] : []));
		const balancer = await startBalancer(`http://127.0.0.1:${ports.main}`, webhookUrls, options.port);
		serviceStops.push(balancer.close);
		const env = { ...sharedEnv(postgres, redis, balancer.url), ...options.env };
		const userFolder = (name: string) => path.join(options.folder, name);

		// The main migrates the fresh database; meanwhile the package goes into the other processes' user folders.
		const [launched, ...installs] = await Promise.allSettled([
			launchN8nWithPackage({ runtime: options.runtime, userFolder: userFolder('main'), port: ports.main, env: { ...env, ...MAIN_ENV } }),
			...processes.map((p) => installPackedRepo(userFolder(p.name))),
		]);
		if (launched.status === 'fulfilled') n8nStops.push(launched.value.stop);
		for (const result of [launched, ...installs]) if (result.status === 'rejected') throw result.reason;
		const main = (launched as PromiseFulfilledResult<N8nWithPackage>).value;
		const mainDone = Date.now();

		const others = await Promise.all(
			processes.map(async (p, i) => {
				const n8n = await startN8n({ runtime: options.runtime, command: p.command, userFolder: userFolder(p.name), port: ports.others[i], env });
				n8nStops.push(n8n.stop);
				return { ...p, n8n };
			}),
		);
		const done = Date.now();
		const timings: QueueStartTimings = {
			programs: programsDone - started,
			databases: databasesDone - programsDone,
			main: mainDone - databasesDone,
			otherProcesses: done - mainDone,
			total: done - started,
		};
		progress(`queue mode ready in ${formatDuration(timings.total)} at ${balancer.url}`);
		return {
			url: balancer.url,
			main,
			webhookProcesses: others.filter((p) => p.command === 'webhook').map((p) => p.n8n),
			workers: others.filter((p) => p.command === 'worker').map((p) => p.n8n),
			postgres,
			redis,
			timings,
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}
