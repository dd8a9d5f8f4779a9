import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

import { runtimeDir } from '../../../scripts/n8n/runtime';

/** Where the figures come from: they mean little without the machine and versions next to them. */
export interface Machine {
	cores: number;
	cpu: string;
	memoryGb: number;
	node: string;
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

export function describeMachine(): Machine {
	const modules = path.join(runtimeDir(), 'node_modules');
	return {
		cores: cpus().length,
		cpu: cpus()[0]?.model.trim() ?? 'unknown',
		memoryGb: Math.round(totalmem() / 1024 ** 3),
		node: process.version,
		n8n: versionOf(path.join(modules, 'n8n')),
		n8nNodesBase: versionOf(path.join(modules, 'n8n-nodes-base')),
	};
}

export function machineLine(machine: Machine): string {
	return `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, Node ${machine.node}, n8n ${machine.n8n} (n8n-nodes-base ${machine.n8nNodesBase})`;
}
