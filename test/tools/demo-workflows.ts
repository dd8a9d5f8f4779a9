import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowDefinition } from './n8n/rest-client';

/** The demo workflows `npm start` imports (JSON files a user could also import into any n8n by hand). */
export const DEMO_WORKFLOWS = {
	sendMessage: 'send-message.json',
	autoReply: 'auto-reply.json',
	crmNote: 'crm-note.json',
} as const;

export type DemoName = keyof typeof DEMO_WORKFLOWS;

/** Form path of the send-message demo: the form is served at <n8n>/form/<path>. */
export const SEND_FORM_PATH = 'timelinesai-send';

/** A demo workflow with every TimelinesAI credential slot pointing at `credential`. */
export function loadDemoWorkflow(name: DemoName, credential: { id: string; name: string }): WorkflowDefinition {
	const file = path.join(__dirname, 'demo-workflows', DEMO_WORKFLOWS[name]);
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowDefinition;
	for (const node of workflow.nodes) {
		if (node.credentials?.timelinesAiApi) node.credentials.timelinesAiApi = credential;
	}
	return workflow;
}

/**
 * Production URL of a workflow's first TimelinesAI Trigger, with `?secret=` when the node has a URL Secret: what a
 * user pastes into TimelinesAI's Outbound tab.
 */
export function triggerUrl(baseUrl: string, workflow: WorkflowDefinition): string {
	const trigger = workflow.nodes.find((node) => node.type.endsWith('.timelinesAiTrigger'));
	if (!trigger?.webhookId) throw new Error(`Workflow "${workflow.name}" has no TimelinesAI Trigger with a webhookId`);
	const secret = trigger.parameters?.manualSecret;
	const query = typeof secret === 'string' && secret !== '' ? `?secret=${encodeURIComponent(secret)}` : '';
	return `${baseUrl}/webhook/${trigger.webhookId}/webhook${query}`;
}
