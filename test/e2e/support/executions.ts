import type { Execution, N8nClient } from '../../tools/n8n/rest-client';
import { waitUntil } from './wait-until';

export type TriggerItem = Record<string, unknown>;

/** The items a node put out in one execution (first output, first run). */
export function nodeOutput(execution: Execution, nodeName: string): TriggerItem[] {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	return (run?.data?.main[0] ?? []).map((item) => item.json);
}

/** Waits for a finished execution of `workflowId` whose `nodeName` output satisfies `matches`; returns that execution. */
export async function waitForExecution(
	client: N8nClient,
	workflowId: string,
	nodeName: string,
	what: string,
	matches: (items: TriggerItem[]) => boolean,
): Promise<{ execution: Execution; items: TriggerItem[] }> {
	return await waitUntil(`an execution with ${what}`, async () => {
		const executions = await client.listExecutions(workflowId);
		for (const execution of executions) {
			if (!execution.finished && execution.status !== 'error') continue;
			const items = nodeOutput(execution, nodeName);
			if (matches(items)) return { execution, items };
		}
		return undefined;
	});
}
