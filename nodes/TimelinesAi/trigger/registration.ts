import { randomBytes, timingSafeEqual } from 'crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import {
	currentEventType,
	MAX_WEBHOOKS_PER_WORKSPACE,
	webhookSchema,
	type Webhook,
	type WebhookEventType,
} from '../protocol';
import { TimelinesAiRequestError, toNodeError } from '../shared/errors';
import { secretsOf } from '../shared/redact';
import { apiRequest, CREDENTIAL_TYPE } from '../shared/transport';
import { EVENT_LABEL } from './properties';

export type Setup = 'automatic' | 'manual';

export function setupOf(this: IHookFunctions | IWebhookFunctions): Setup {
	return this.getNodeParameter('setup', 'automatic') as Setup;
}

export function chosenEvents(this: IHookFunctions | IWebhookFunctions): WebhookEventType[] {
	return this.getNodeParameter('events', []) as WebhookEventType[];
}

export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	const where = target.call(this);
	return await withSafeErrors(this, async () => await adoptExisting.call(this, where));
}

export async function register(this: IHookFunctions): Promise<void> {
	const where = target.call(this);
	await withSafeErrors(this, async () => await registerAt.call(this, where));
}

export async function unregister(this: IHookFunctions): Promise<void> {
	const webhookUrl = this.getNodeWebhookUrl('default');
	const endpoint = webhookUrl === undefined ? null : endpointOf(webhookUrl);
	if (endpoint !== null) await withSafeErrors(this, async () => await unregisterAt.call(this, endpoint));
}

/** The URL n8n gives this node now: the test URL while listening for a test event, else the production URL. */
function target(this: IHookFunctions): RegistrationTarget {
	const webhookUrl = this.getNodeWebhookUrl('default');
	const endpoint = webhookUrl === undefined ? null : endpointOf(webhookUrl);
	if (webhookUrl === undefined || endpoint === null) {
		throw new NodeOperationError(this.getNode(), 'n8n did not give this node a webhook URL to register');
	}
	const events = chosenEvents.call(this);
	if (events.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event under "Events"', {
			description: 'Each chosen event is registered as one webhook in TimelinesAI.',
		});
	}
	return { webhookUrl, endpoint, events };
}

/** Lifecycle errors reach the user as n8n errors without any secret in them. */
async function withSafeErrors<T>(context: IHookFunctions, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		throw toNodeError(context.getNode(), error, secretsOf(credentials));
	}
}

/** The node's own webhook URL (test or production, as n8n decides) and where its state lives. */
interface RegistrationTarget {
	webhookUrl: string;
	endpoint: string;
	events: WebhookEventType[];
}

export function ours(webhooks: ListedWebhook[], endpoint: string): ListedWebhook[] {
	return webhooks.filter((webhook) => endpointOf(webhook.url) === endpoint);
}

/** Ours and already right: same event, same URL with our secret, switched on. */
function isExact(webhook: ListedWebhook, event: WebhookEventType, secret: string): boolean {
	return webhook.event_type === event && secretOf(webhook.url) === secret && webhook.enabled;
}

/** The stored secret, else one carried by an earlier registration of ours (static data lost), else none. */
export function knownSecret(stored: string | undefined, mine: ListedWebhook[]): string | undefined {
	return stored ?? mine.map((webhook) => secretOf(webhook.url)).find((secret): secret is string => !!secret);
}

/**
 * Adopts what is already registered when every chosen event has exactly one right registration of ours and
 * nothing else is registered at our URL, instead of registering duplicates.
 */
async function adoptExisting(this: IHookFunctions, target: RegistrationTarget): Promise<boolean> {
	const mine = ours((await listWebhooks.call(this)).webhooks, target.endpoint);
	const staticData = this.getWorkflowStaticData('node');
	const secret = knownSecret(readRegistrationState(staticData).secret, mine);
	if (secret === undefined) return false;
	const steps = plan(mine, target.events, secret);
	if (!isAdoption(steps)) return false;
	readRegistrationState(staticData).secret = secret;
	recordRegistrations(staticData, target.endpoint, steps.adopt);
	return true;
}

interface Plan {
	/** event → id of our registration that is already right */
	adopt: Record<string, number>;
	repair: Array<{ event: WebhookEventType; id: number }>;
	create: WebhookEventType[];
	remove: number[];
}

/** Reuses what is ours, repairs ours that point at an old secret or are off, removes ours for events no longer chosen. */
export function plan(mine: ListedWebhook[], events: WebhookEventType[], secret: string): Plan {
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

export function isAdoption(steps: Plan): boolean {
	return steps.repair.length === 0 && steps.create.length === 0 && steps.remove.length === 0;
}

/** Refuses a plan that would leave the workspace with more webhooks than TimelinesAI allows, before anything changes. */
export function assertWithinLimit(workspaceCount: number, steps: Plan): void {
	const existing = workspaceCount - steps.remove.length;
	if (existing + steps.create.length <= MAX_WEBHOOKS_PER_WORKSPACE) return;
	const names = steps.create.map((event) => EVENT_LABEL[event]).join(', ');
	// n8n 2.4x shows only the message when activation fails, so the fix is part of it.
	throw new TimelinesAiRequestError({
		kind: 'rejected',
		message:
			`TimelinesAI allows at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks per workspace: ${existing} already exist, ` +
			`and this trigger needs ${steps.create.length} more (${names}). Free some: delete webhooks you no longer use ` +
			'(TimelinesAI → Integrations → Public API webhooks), deactivate other workflows with a TimelinesAI Trigger, ' +
			'or choose fewer events here.',
		hint:
			'"Any Message" covers received and sent with one webhook. Webhooks can also be deleted with DELETE /webhooks/{id}, ' +
			'and a running "Listen for test event" holds its own until it ends.',
	});
}

/** Registers one webhook per chosen event at our URL with our secret; on a failure removes what it just created. */
async function registerAt(this: IHookFunctions, target: RegistrationTarget): Promise<void> {
	const workspace = await listWebhooks.call(this);
	const mine = ours(workspace.webhooks, target.endpoint);
	const secret = knownSecret(readRegistrationState(this.getWorkflowStaticData('node')).secret, mine) ?? newSecret();
	const url = withSecret(target.webhookUrl, secret);
	const steps = plan(mine, target.events, secret);
	assertWithinLimit(workspace.count, steps);
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
async function unregisterAt(this: IHookFunctions, endpoint: string): Promise<void> {
	const recorded = new Set(forgetRegistrations(this.getWorkflowStaticData('node'), endpoint));
	const { webhooks } = await listWebhooks.call(this);
	for (const webhook of webhooks) {
		if (recorded.has(webhook.id) || endpointOf(webhook.url) === endpoint) {
			await deleteWebhook.call(this, webhook.id);
		}
	}
}

/**
 * What the trigger keeps in the workflow's static data about its registrations. Ids are kept per
 * endpoint, because the test URL ("Listen for test event") and the production URL are registered
 * and deleted independently and must not forget each other's webhooks.
 */
interface RegistrationState {
	secret?: string;
	/** endpoint (URL without query) → event type → webhook id */
	registrations?: Record<string, Record<string, number>>;
}

export function readRegistrationState(staticData: IDataObject): RegistrationState {
	return staticData as RegistrationState;
}

function recordRegistrations(staticData: IDataObject, endpoint: string, ids: Record<string, number>): void {
	const state = staticData as RegistrationState;
	state.registrations = { ...state.registrations, [endpoint]: ids };
}

function forgetRegistrations(staticData: IDataObject, endpoint: string): number[] {
	const state = staticData as RegistrationState;
	const ids = Object.values(state.registrations?.[endpoint] ?? {});
	if (state.registrations) {
		const rest = { ...state.registrations };
		delete rest[endpoint];
		state.registrations = rest;
	}
	return ids;
}

/**
 * TimelinesAI neither signs deliveries nor sends custom headers, so the registered URL itself carries a
 * secret as this query parameter; deliveries without it are refused.
 */
export const SECRET_PARAMETER = 'secret';

export function newSecret(): string {
	return randomBytes(24).toString('base64url');
}

/** Compares in constant time, so the answer's timing does not reveal how much of a guess was right. */
export function secretMatches(expected: string, given: unknown): boolean {
	if (expected === '' || typeof given !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}

export function withSecret(webhookUrl: string, secret: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAMETER, secret);
	return url.toString();
}

/** The URL without its query: the same endpoint whatever secret it carries. */
export function endpointOf(url: string): string | null {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
	} catch {
		return null;
	}
}

export function secretOf(url: string): string | null {
	try {
		return new URL(url).searchParams.get(SECRET_PARAMETER);
	} catch {
		return null;
	}
}

/** A listed webhook with its event under the current name, so a former name still matches our registration. */
export type ListedWebhook = Omit<Webhook, 'event_type'> & { event_type: WebhookEventType };

/** All webhooks of the workspace: `count` includes ones we cannot parse (event types newer than ours), for the limit. */
interface WorkspaceWebhooks {
	count: number;
	webhooks: ListedWebhook[];
}

async function listWebhooks(this: IHookFunctions): Promise<WorkspaceWebhooks> {
	const data = await apiRequest.call(this, {
		method: 'GET',
		path: '/webhooks',
		data: z.array(z.unknown()),
		action: 'listing the workspace webhooks',
	});
	const webhooks = data.flatMap((entry: unknown) => {
		const parsed = webhookSchema.safeParse(entry);
		return parsed.success ? [{ ...parsed.data, event_type: currentEventType(parsed.data.event_type) }] : [];
	});
	return { count: data.length, webhooks };
}

async function createWebhook(this: IHookFunctions, eventType: WebhookEventType, url: string): Promise<Webhook> {
	return await apiRequest.call(this, {
		method: 'POST',
		path: '/webhooks',
		data: webhookSchema,
		body: { event_type: eventType, url, enabled: true },
		action: `registering the "${eventType}" webhook`,
	});
}

/** Points one of our own registrations at the current URL (its secret was lost or it was switched off). */
async function repairWebhook(this: IHookFunctions, id: number, url: string): Promise<Webhook> {
	return await apiRequest.call(this, {
		method: 'PUT',
		path: `/webhooks/${id}`,
		data: webhookSchema,
		body: { url, enabled: true },
		action: `updating webhook ${id}`,
	});
}

async function deleteWebhook(this: IHookFunctions, id: number): Promise<void> {
	await apiRequest.call(this, {
		method: 'DELETE',
		path: `/webhooks/${id}`,
		data: z.unknown(),
		action: `deleting webhook ${id}`,
	});
}
