import { spawn } from 'node:child_process';

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Pass the child's output through to our stderr (progress) instead of collecting it. */
	showOutput?: boolean;
	/** Run as this user (needs root), e.g. for PostgreSQL, which refuses to run as root. */
	user?: { uid: number; gid: number };
}

/** Runs a command to completion; rejects with its output tail when it exits non-zero. */
export function runCommand(command: string, args: string[], options: RunOptions): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			...options.user,
		});
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			if (options.showOutput) process.stderr.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(output);
			else reject(new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited with ${code}:\n${output.slice(-4000)}`));
		});
	});
}
