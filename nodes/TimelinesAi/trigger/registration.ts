import type { IHookFunctions } from 'n8n-workflow';

import { MAX_WEBHOOKS_PER_WORKSPACE, type WebhookEventType } from '../protocol';
import { TimelinesAiRequestError } from '../shared/errors';
import { EVENT_LABEL } from './events';
import { forgetRegistrations, readRegistrationState, recordRegistrations } from './registration-state';
import { endpointOf, newSecret, secretOf, withSecret } from './secret';
import { createWebhook, deleteWebhook, listWebhooks, repairWebhook, type ListedWebhook } from './webhook-api';

/** The node's own webhook URL (test or production, as n8n decides) and where its state lives. */
export interface RegistrationTarget {
	webhookUrl: string;
	endpoint: string;
	events: WebhookEventType[];
}

function ours(webhooks: ListedWebhook[], endpoint: string): ListedWebhook[] {
	return webhooks.filter((webhook) => endpointOf(webhook.url) === endpoint);
}

/** Ours and already right: same event, same URL with our secret, switched on. */
function isExact(webhook: ListedWebhook, event: WebhookEventType, secret: string): boolean {
	return webhook.event_type === event && secretOf(webhook.url) === secret && webhook.enabled;
}

/** The stored secret, else one carried by an earlier registration of ours (static data lost), else none. */
function knownSecret(this: IHookFunctions, mine: ListedWebhook[]): string | undefined {
	const stored = readRegistrationState(this.getWorkflowStaticData('node')).secret;
	return stored ?? mine.map((webhook) => secretOf(webhook.url)).find((secret): secret is string => !!secret);
}

/**
 * True when every chosen event already has exactly one right registration of ours and nothing else is
 * registered at our URL; then those are adopted instead of registering duplicates.
 */
export async function registrationExists(this: IHookFunctions, target: RegistrationTarget): Promise<boolean> {
	const mine = ours((await listWebhooks.call(this)).webhooks, target.endpoint);
	const secret = knownSecret.call(this, mine);
	if (secret === undefined || mine.length !== target.events.length) return false;
	const ids: Record<string, number> = {};
	for (const event of target.events) {
		const match = mine.find((webhook) => isExact(webhook, event, secret));
		if (!match) return false;
		ids[event] = match.id;
	}
	const staticData = this.getWorkflowStaticData('node');
	readRegistrationState(staticData).secret = secret;
	recordRegistrations(staticData, target.endpoint, ids);
	return true;
}

interface Plan {
	adopt: Record<string, number>;
	repair: Array<{ event: WebhookEventType; id: number }>;
	create: WebhookEventType[];
	remove: number[];
}

/** Reuses what is ours, repairs ours that point at an old secret or are off, removes ours for events no longer chosen. */
function plan(mine: ListedWebhook[], events: WebhookEventType[], secret: string): Plan {
	const result: Plan = { adopt: {}, repair: [], create: [], remove: [] };
	const used = new Set<number>();
	for (const event of events) {
		const exact = mine.find((webhook) => isExact(webhook, event, secret));
		const sameEvent = exact ?? mine.find((webhook) => webhook.event_type === event);
		if (exact) result.adopt[event] = exact.id;
		else if (sameEvent) result.repair.push({ event, id: sameEvent.id });
		else result.create.push(event);
		if (sameEvent) used.add(sameEvent.id);
	}
	result.remove = mine.filter((webhook) => !used.has(webhook.id)).map((webhook) => webhook.id);
	return result;
}

function limitError(existing: number, needed: WebhookEventType[]): TimelinesAiRequestError {
	const names = needed.map((event) => EVENT_LABEL[event]).join(', ');
	return new TimelinesAiRequestError({
		kind: 'rejected',
		message:
			`TimelinesAI allows at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks per workspace: ${existing} already exist, ` +
			`and this trigger needs ${needed.length} more (${names}).`,
		hint:
			'Free some: delete webhooks you no longer use (TimelinesAI → Integrations → Public API webhooks, or DELETE /webhooks/{id}), ' +
			'deactivate other workflows that use a TimelinesAI Trigger, or choose fewer events here ("Any Message" covers received ' +
			'and sent with one webhook). A "Listen for test event" run also holds webhooks until it ends.',
	});
}

/** Registers one webhook per chosen event at our URL with our secret; on a failure removes what it just created. */
export async function register(this: IHookFunctions, target: RegistrationTarget): Promise<void> {
	const workspace = await listWebhooks.call(this);
	const mine = ours(workspace.webhooks, target.endpoint);
	const secret = knownSecret.call(this, mine) ?? newSecret();
	const url = withSecret(target.webhookUrl, secret);
	const steps = plan(mine, target.events, secret);
	const afterwards = workspace.count - steps.remove.length + steps.create.length;
	if (afterwards > MAX_WEBHOOKS_PER_WORKSPACE) {
		throw limitError(workspace.count - steps.remove.length, steps.create);
	}
	for (const id of steps.remove) await deleteWebhook.call(this, id);
	const ids = { ...steps.adopt };
	for (const { event, id } of steps.repair) ids[event] = (await repairWebhook.call(this, id, url)).id;
	const created: number[] = [];
	let complete = false;
	try {
		for (const event of steps.create) {
			const webhook = await createWebhook.call(this, event, url);
			created.push(webhook.id);
			ids[event] = webhook.id;
		}
		complete = true;
	} finally {
		// A half-done registration would leave orphans that nothing records.
		if (!complete) for (const id of created) await deleteWebhook.call(this, id);
	}
	const staticData = this.getWorkflowStaticData('node');
	readRegistrationState(staticData).secret = secret;
	recordRegistrations(staticData, target.endpoint, ids);
}

/**
 * Deletes the webhooks recorded for this URL and any other registered at it (left over by a run whose
 * state was lost): nothing of ours stays behind, nothing of anyone else's is touched.
 */
export async function unregister(this: IHookFunctions, target: Pick<RegistrationTarget, 'endpoint'>): Promise<void> {
	const recorded = new Set(forgetRegistrations(this.getWorkflowStaticData('node'), target.endpoint));
	const { webhooks } = await listWebhooks.call(this);
	for (const webhook of webhooks) {
		if (recorded.has(webhook.id) || endpointOf(webhook.url) === target.endpoint) {
			await deleteWebhook.call(this, webhook.id);
		}
	}
}
