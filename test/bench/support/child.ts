import { REPO_ROOT } from '../../tools/n8n/install-package';
import { runCommand } from '../../tools/n8n/run-command';

/**
 * Runs `node <args>` in a fresh process (nothing loaded, nothing warmed up) and parses the JSON its last line prints.
 * `node`: another Node.js binary than the one running the benchmark (n8n's own, for instance).
 */
export async function nodeChild<T>(args: string[], node = process.execPath): Promise<T> {
	const output = await runCommand(node, args, { cwd: REPO_ROOT });
	const lines = output.trim().split('\n');
	return JSON.parse(lines[lines.length - 1]) as T;
}

/** `node` arguments that run a TypeScript file of this repo (through tsx, as `npm run bench` does). */
export function tsChild(file: string, ...nodeOptions: string[]): string[] {
	return [...nodeOptions, '--import', 'tsx', file];
}
