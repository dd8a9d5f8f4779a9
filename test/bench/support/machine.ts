import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

import type { N8nRuntime } from '../../tools/n8n/runtime';

/** Where the figures come from: they mean little without the machine and versions next to them. */
export interface Machine {
	cores: number;
	cpu: string;
	memoryGb: number;
	node: string;
	/** The Node.js n8n runs on (its release's own for n8n 2.41). */
	n8nNode: string;
	n8n: string;
	n8nNodesBase: string;
}

function versionOf(packageDir: string): string {
	try {
		return (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return 'not installed';
	}
}

export function describeMachine(runtime: N8nRuntime): Machine {
	const modules = path.join(runtime.dir, 'node_modules');
	return {
		cores: cpus().length,
		cpu: cpus()[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round(totalmem() / 1024 ** 3),
		node: process.version,
		n8nNode: execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim(),
		n8n: versionOf(path.join(modules, 'n8n')),
		n8nNodesBase: versionOf(path.join(modules, 'n8n-nodes-base')),
	};
}

export function machineLine(machine: Machine): string {
	return `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, Node ${machine.node}, n8n ${machine.n8n} (n8n-nodes-base ${machine.n8nNodesBase}) on Node ${machine.n8nNode}`;
}
