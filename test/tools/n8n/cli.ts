import { freePort } from './free-port';
import { offlineEnv } from './process';
import { runCommand } from './run-command';
import type { N8nRuntime } from './runtime';

/**
 * Runs an n8n CLI command (e.g. `import:workflow --input=file.json`) on the user folder of an n8n that may be running,
 * with the environment that n8n runs with: the same database and encryption key, nothing reaching the internet.
 * Resolves with the command's whole output.
 */
export async function runN8nCli(runtime: N8nRuntime, userFolder: string, args: string[]): Promise<string> {
	// The command serves nothing; the ports only keep it from reaching for the running n8n's.
	const env = { ...process.env, ...offlineEnv(await freePort(), await freePort(), userFolder) };
	return await runCommand(runtime.node, [runtime.bin, ...args], { cwd: userFolder, env });
}
