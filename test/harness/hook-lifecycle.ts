import { HookContext } from 'n8n-core';
import type { WebhookSetupMethodNames, WorkflowActivateMode, WorkflowExecuteMode } from 'n8n-workflow';

import type { TriggerWorkflow } from './webhook-workflow';

/**
 * Runs the trigger's webhook lifecycle the way n8n 2.8's WebhookService does: each method through a
 * fresh n8n-core HookContext; `checkExists` first and `create` only when it answers false.
 */
async function runMethod(
	trigger: TriggerWorkflow,
	method: WebhookSetupMethodNames,
	isTest: boolean,
	mode: WorkflowExecuteMode,
	activation: WorkflowActivateMode,
): Promise<boolean | undefined> {
	const additionalData = trigger.additionalData();
	const webhookData = trigger.webhookData(isTest, additionalData);
	const fn = trigger.nodeType.webhookMethods?.default?.[method];
	if (!fn) throw new Error(`The trigger has no webhook method ${method}`);
	const context = new HookContext(trigger.workflow, trigger.node, additionalData, mode, activation, webhookData);
	return (await fn.call(context)) as boolean;
}

async function createIfNotExists(trigger: TriggerWorkflow, isTest: boolean, mode: WorkflowExecuteMode, activation: WorkflowActivateMode) {
	const exists = await runMethod(trigger, 'checkExists', isTest, mode, activation);
	if (!exists) await runMethod(trigger, 'create', isTest, mode, activation);
	return { existed: exists === true };
}

/** Activating the workflow (production URL). */
export async function activate(trigger: TriggerWorkflow) {
	return await createIfNotExists(trigger, false, 'trigger', 'activate');
}

/** Deactivating it. */
export async function deactivate(trigger: TriggerWorkflow): Promise<void> {
	await runMethod(trigger, 'delete', false, 'internal', 'update');
}

/** "Listen for test event" (test URL), as TestWebhooks.needsWebhook does. */
export async function listenForTestEvent(trigger: TriggerWorkflow) {
	return await createIfNotExists(trigger, true, 'manual', 'manual');
}

/** The test event arrived, or listening was cancelled or timed out: TestWebhooks.deactivateWebhooks. */
export async function stopListening(trigger: TriggerWorkflow): Promise<void> {
	await runMethod(trigger, 'delete', true, 'internal', 'update');
}
