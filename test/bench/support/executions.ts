import { setTimeout as sleep } from 'node:timers/promises';

import type { Execution, N8nClient, NodeRun } from '../../tools/n8n/rest-client';

/** Polls until `probe` gives a value; the deadline only turns a hang into a readable error. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000, everyMs = 200): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs / 1000}s`);
		await sleep(everyMs);
	}
}

/** The newest execution of a workflow once it is saved and is not `previousId`. */
export async function nextFinishedExecution(client: N8nClient, workflowId: string, previousId?: string): Promise<Execution> {
	return await poll(`a new finished execution of workflow ${workflowId}`, async () => {
		const execution = await client.latestExecution(workflowId);
		if (!execution || execution.id === previousId || execution.stoppedAt === null) return undefined;
		return execution;
	});
}

/** One node's first run in an execution; fails loudly when the execution did not succeed. */
export function nodeRun(execution: Execution, nodeName: string): NodeRun {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	if (execution.status !== 'success' || !run) {
		const error = execution.data?.resultData.error?.message ?? run?.error?.message ?? 'no run data';
		throw new Error(`Execution ${execution.id} of workflow ${execution.workflowId} did not succeed (${execution.status}): ${error}`);
	}
	return run;
}

/**
 * Waits until n8n has finished `expected` executions of a workflow (success or error), or until nothing has moved
 * for `quietMs` with none running: a webhook that answered before n8n created its execution can leave fewer
 * executions than deliveries (n8n failed to create them). Returns how many finished.
 */
export async function settledExecutions(client: N8nClient, workflowId: string, expected: number, quietMs = 30_000): Promise<number> {
	let last = { finished: -1, running: -1 };
	let quietSince = Date.now();
	return await poll(
		`${expected} finished executions of workflow ${workflowId}`,
		async () => {
			const finished = (await client.countExecutions(workflowId, 'success')) + (await client.countExecutions(workflowId, 'error'));
			if (finished >= expected) return finished;
			const running = await client.countExecutions(workflowId, 'running');
			if (finished !== last.finished || running !== last.running) {
				last = { finished, running };
				quietSince = Date.now();
			}
			return running === 0 && Date.now() - quietSince >= quietMs ? finished : undefined;
		},
		600_000,
		1000,
	);
}
