import type { N8nClient } from '../../tools/n8n/rest-client';
import { n8nLogTail } from './shared-n8n';

export type OutputItem = Record<string, unknown>;

export interface WebhookWorkflow {
	id: string;
	path: string;
}

export interface RecordedError {
	message: string;
	description?: string;
	node?: string;
}

/** The error n8n recorded for the newest execution of a workflow, if it failed. */
async function lastExecutionError(client: N8nClient, workflowId: string): Promise<RecordedError | undefined> {
	const [execution] = await client.listExecutions(workflowId);
	const error = execution?.data?.resultData.error as { message: string; description?: string; node?: { name: string } } | undefined;
	if (!execution || execution.status !== 'error' || !error) return undefined;
	return { message: error.message, description: error.description, node: error.node?.name };
}

/**
 * Runs an active Webhook-started workflow with `items` as the request body's `items` and returns the last node's
 * output items. A failed execution is a test failure here, reported with n8n's error and log tail.
 */
export async function runWorkflow(client: N8nClient, workflow: WebhookWorkflow, items: unknown[]): Promise<OutputItem[]> {
	const response = await client.callWebhook(workflow.path, { items });
	if (response.status !== 200) {
		const error = await lastExecutionError(client, workflow.id).catch(() => undefined);
		throw new Error(
			`Workflow at /webhook/${workflow.path} answered HTTP ${response.status}: ${JSON.stringify(response.body)}\n` +
				`n8n recorded: ${JSON.stringify(error)}${n8nLogTail()}`,
		);
	}
	return Array.isArray(response.body) ? (response.body as OutputItem[]) : [response.body as OutputItem];
}

/** Runs a workflow expected to fail and returns the error n8n recorded for it. */
export async function runFailing(client: N8nClient, workflow: WebhookWorkflow, items: unknown[]): Promise<RecordedError> {
	const response = await client.callWebhook(workflow.path, { items });
	if (response.status === 200) {
		throw new Error(`Expected the workflow at /webhook/${workflow.path} to fail, it answered ${JSON.stringify(response.body)}`);
	}
	const error = await lastExecutionError(client, workflow.id);
	if (!error) throw new Error(`No failed execution recorded for workflow ${workflow.id}${n8nLogTail()}`);
	return error;
}
