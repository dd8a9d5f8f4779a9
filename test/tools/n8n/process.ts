import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from './free-port';
import { formatDuration, progress } from './log';
import type { N8nRuntime } from './runtime';

/** `n8n start` is the main process; queue mode adds `webhook` and `worker` processes. Each says when it is ready. */
export type N8nCommand = 'start' | 'webhook' | 'worker';
const READY_LINES: Record<N8nCommand, string> = {
	start: 'Editor is now accessible via:',
	webhook: 'Webhook listener waiting for requests.',
	worker: 'n8n worker is now ready',
};
const LOG_TAIL_LINES = 80;

export interface StartN8nOptions {
	runtime: N8nRuntime;
	/** Default `start`. */
	command?: N8nCommand;
	/** N8N_USER_FOLDER: n8n keeps its database, settings and community packages in <userFolder>/.n8n. */
	userFolder: string;
	/** Loopback port of the editor, REST API and webhooks; a free one when omitted. */
	port?: number;
	/** Extra environment (wins over the defaults). */
	env?: Record<string, string>;
	/** Give up when n8n is not ready by then. */
	readyTimeoutMs?: number;
}

export interface RunningN8n {
	baseUrl: string;
	port: number;
	userFolder: string;
	/** n8n's whole output (stdout and stderr) of this start. */
	logFile: string;
	pid: number;
	/** Settles when the n8n process has exited (stopped by us or not). */
	exited: Promise<void>;
	/** The last lines n8n printed, for failure messages. */
	logTail(lines?: number): string;
	/** SIGTERM to n8n's whole process group (n8n + its task runners), SIGKILL if it lingers. Idempotent. */
	stop(): Promise<void>;
}

/**
 * What the README recommends for n8n 2.4x and `npm start` / `npm run start:queue` run with: an expression isolate only
 * once an expression needs one. By default 2.4x builds one (about 30 ms of CPU) before every delivery to a community
 * trigger, which keeps the p99 answer to a 1,000-delivery burst above 1 s (docs/benchmarks.md). The tests keep n8n's
 * default, as most deployments have it.
 */
export const LAZY_ISOLATES_ENV: Readonly<Record<string, string>> = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

/** Everything that would reach the internet is off: this machine has none, and tests must not depend on it. */
export function offlineEnv(port: number, brokerPort: number, userFolder: string): Record<string, string> {
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		// Jest sets NODE_ENV=test, under which n8n's CLI exits at once without a word.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		// The trigger registers <WEBHOOK_URL>webhook/<id>/webhook in TimelinesAI: a URL this n8n really serves.
		WEBHOOK_URL: `${baseUrl}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		// Each n8n starts a task broker; two instances (npm start + tests) must not fight over its default port 5679.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		DB_SQLITE_POOL_SIZE: '2',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_LOG_LEVEL: 'info',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	};
}

/**
 * Starts `n8n start` (or `webhook`, `worker`) and resolves once it is ready: for `start`, once the editor (and with it
 * the REST API and webhooks) is served.
 */
export async function startN8n(options: StartN8nOptions): Promise<RunningN8n> {
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	mkdirSync(options.userFolder, { recursive: true });
	const logFile = path.join(options.userFolder, 'n8n.log');
	// n8n writes straight into the file: no pipe that breaks (and makes n8n spin) if our process dies first.
	const logFd = openSync(logFile, 'w');
	const command = options.command ?? 'start';
	const child = spawn(options.runtime.node, [options.runtime.bin, command], {
		cwd: options.userFolder,
		env: { ...process.env, ...offlineEnv(port, brokerPort, options.userFolder), ...options.env },
		stdio: ['ignore', logFd, logFd],
		detached: true, // own process group, so stop() reaches the task runners too
	});
	closeSync(logFd);
	const running = describeProcess(child, { port, userFolder: options.userFolder, logFile });

	const started = Date.now();
	progress(`starting n8n ${options.runtime.version} (${command}) on ${running.baseUrl} (log: ${logFile})`);
	try {
		await waitForReady(child, logFile, READY_LINES[command], options.readyTimeoutMs ?? 5 * 60_000);
	} catch (error) {
		await running.stop();
		throw new Error(`${(error as Error).message}\n--- n8n log tail (${logFile}) ---\n${running.logTail()}`);
	}
	progress(`n8n ready in ${formatDuration(Date.now() - started)}`);
	return running;
}

async function waitForReady(child: ChildProcess, logFile: string, readyLine: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!readFileSync(logFile, 'utf8').includes(readyLine)) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
		}
		if (Date.now() > deadline) throw new Error(`n8n was not ready after ${formatDuration(timeoutMs)}`);
		await sleep(250);
	}
}

function describeProcess(child: ChildProcess, facts: { port: number; userFolder: string; logFile: string }): RunningN8n {
	const pid = child.pid ?? -1;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-pid, signal);
		} catch {
			// the group is already gone
		}
	};
	// Should our process end without stop() (a crash, process.exit), n8n must not outlive it.
	const killOnExit = () => signalGroup('SIGKILL');
	process.once('exit', killOnExit);

	let stopping: Promise<void> | undefined;
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			signalGroup('SIGTERM');
			const killTimer = setTimeout(() => signalGroup('SIGKILL'), 20_000);
			await exited;
			clearTimeout(killTimer);
		}
		signalGroup('SIGKILL'); // task runners that outlived their parent
		process.removeListener('exit', killOnExit);
	};

	return {
		baseUrl: `http://127.0.0.1:${facts.port}`,
		port: facts.port,
		userFolder: facts.userFolder,
		logFile: facts.logFile,
		pid,
		exited,
		logTail: (lines = LOG_TAIL_LINES) => readFileSync(facts.logFile, 'utf8').split('\n').slice(-lines).join('\n'),
		stop: () => (stopping ??= stop()),
	};
}
