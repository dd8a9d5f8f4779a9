import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { formatDuration } from '../log';

export interface ServiceOptions {
	name: string;
	command: string;
	args: string[];
	logFile: string;
	/** The service prints this line once it accepts connections. */
	readyLine: string;
	user?: { uid: number; gid: number };
	/** The signal that stops the service quickly (PostgreSQL: SIGINT; its SIGTERM waits for every client to leave). */
	stopSignal?: NodeJS.Signals;
	readyTimeoutMs?: number;
}

export interface RunningService {
	name: string;
	logFile: string;
	stop(): Promise<void>;
}

/** Starts a database or queue server in the foreground, its output in `logFile`; resolves once it is ready. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
	const logFd = openSync(options.logFile, 'w');
	const child = spawn(options.command, options.args, { stdio: ['ignore', logFd, logFd], ...options.user });
	closeSync(logFd);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const kill = (signal: NodeJS.Signals) => {
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
	};
	// Should our process end without stop(), the service must not outlive it.
	const killOnExit = () => kill('SIGKILL');
	process.once('exit', killOnExit);

	let stopping: Promise<void> | undefined;
	const stop = async () => {
		kill(options.stopSignal ?? 'SIGTERM');
		const killTimer = setTimeout(() => kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(killTimer);
		process.removeListener('exit', killOnExit);
	};
	const service: RunningService = { name: options.name, logFile: options.logFile, stop: () => (stopping ??= stop()) };

	const timeoutMs = options.readyTimeoutMs ?? 60_000;
	const deadline = Date.now() + timeoutMs;
	while (!readFileSync(options.logFile, 'utf8').includes(options.readyLine)) {
		const gone = child.exitCode !== null || child.signalCode !== null;
		if (gone || Date.now() > deadline) {
			await service.stop();
			const why = gone ? `exited (code ${child.exitCode})` : `was not ready after ${formatDuration(timeoutMs)}`;
			throw new Error(`${options.name} ${why}; its log (${options.logFile}):\n${readFileSync(options.logFile, 'utf8').slice(-3000)}`);
		}
		await sleep(100);
	}
	return service;
}
