import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import {
	currentEventType,
	MAX_WEBHOOKS_PER_WORKSPACE,
	webhookSchema,
	type Webhook,
	type WebhookEventType,
} from '../protocol';
import { TimelinesAiRequestError } from '../shared/errors';
import { apiRequest, getTimelinesAiCredentials, secretsOf, toNodeError } from '../shared/http';
import { chosenEvents, EVENT_LABEL } from './fields';
import { knownSecretState, newSecret, rememberSecret, secretOf, withSecret } from './secret';

export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const where = target(ctx);
	return await withSafeErrors(ctx, async () => await adoptExisting(ctx, where));
}

export async function register(ctx: IHookFunctions): Promise<void> {
	const where = target(ctx);
	await withSafeErrors(ctx, async () => await registerAt(ctx, where));
}

export async function unregister(ctx: IHookFunctions): Promise<void> {
	const webhookUrl = ctx.getNodeWebhookUrl('default');
	const endpoint = webhookUrl === undefined ? null : endpointOf(webhookUrl);
	if (endpoint !== null) await withSafeErrors(ctx, async () => await unregisterAt(ctx, endpoint));
}

/** The URL n8n gives this node now: the test URL while listening for a test event, else the production URL. */
function target(ctx: IHookFunctions): RegistrationTarget {
	const webhookUrl = ctx.getNodeWebhookUrl('default');
	const endpoint = webhookUrl === undefined ? null : endpointOf(webhookUrl);
	if (webhookUrl === undefined || endpoint === null) {
		throw new NodeOperationError(ctx.getNode(), 'n8n did not give this node a webhook URL to register');
	}
	const events = chosenEvents(ctx);
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event under "Events"', {
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
		const credentials = await getTimelinesAiCredentials(context);
		throw toNodeError(context.getNode(), withFixInMessage(error), secretsOf(credentials));
	}
}

/**
 * n8n 2.4x shows only the message when activation fails: when TimelinesAI cannot be reached or refuses the token
 * or the address, what to check in the credential goes into it.
 */
export function withFixInMessage(error: unknown): unknown {
	if (!(error instanceof TimelinesAiRequestError)) return error;
	const credentialProblem = error.kind === 'unreachable' || [401, 403, 404].includes(error.httpStatus ?? 0);
	if (!credentialProblem) return error;
	return new TimelinesAiRequestError({
		kind: error.kind,
		httpStatus: error.httpStatus,
		field: error.field,
		message: `${error.message} ${error.hint}`,
		hint: error.hint,
	});
}

/** The node's own webhook URL (test or production, as n8n decides) and where its state lives. */
interface RegistrationTarget {
	webhookUrl: string;
	endpoint: string;
	events: WebhookEventType[];
}

/**
 * This node's registrations: those at its URL (whatever secret they carry: our static data may be lost), and those
 * at the same path under another public URL (WEBHOOK_URL or a tunnel changed) that carry our secret. The path holds
 * the node's webhook id, and the secret is random per node, so nobody else's webhook, nor a copy of this workflow
 * in another n8n, is ever taken for ours.
 */
export function webhooksOfThisNode(webhooks: ListedWebhook[], endpoint: string, storedSecret?: string): ListedWebhook[] {
	const here = webhooks.filter((webhook) => endpointOf(webhook.url) === endpoint);
	const secret = knownSecret(storedSecret, here);
	return webhooks.filter((webhook) => {
		const registered = endpointOf(webhook.url);
		if (registered === endpoint) return true;
		return secret !== undefined && registered !== null && secretOf(webhook.url) === secret && samePath(registered, endpoint);
	});
}

/**
 * Same path after the origin, allowing for a path prefix added or dropped with the public URL
 * (`https://a.example/webhook/<id>/webhook` and `https://b.example/n8n/webhook/<id>/webhook`). The test URL
 * (`/webhook-test/<id>/…`) never matches the production URL (`/webhook/<id>/…`).
 */
function samePath(a: string, b: string): boolean {
	const [longer, shorter] = [new URL(a).pathname, new URL(b).pathname].sort((x, y) => y.length - x.length);
	// At least "/webhook/<webhook id>/webhook": a bare "/" or "/webhook" is a suffix of every path.
	return shorter.split('/').filter(Boolean).length >= 3 && longer.endsWith(shorter);
}

/** Ours and already right: same event, at our current URL with our secret, switched on. */
function isExact(webhook: ListedWebhook, event: WebhookEventType, wanted: string): boolean {
	return (
		webhook.event_type === event &&
		endpointOf(webhook.url) === endpointOf(wanted) &&
		secretOf(webhook.url) === secretOf(wanted) &&
		webhook.enabled
	);
}

/** The stored secret, else one carried by an earlier registration of ours (static data lost), else none. */
export function knownSecret(stored: string | undefined, mine: ListedWebhook[]): string | undefined {
	return stored ?? mine.map((webhook) => secretOf(webhook.url)).find((secret): secret is string => !!secret);
}

/**
 * Adopts what is already registered when every chosen event has exactly one right registration of ours and
 * nothing else is registered at our URL, instead of registering duplicates.
 */
async function adoptExisting(ctx: IHookFunctions, target: RegistrationTarget): Promise<boolean> {
	const state = knownSecretState(ctx.getWorkflowStaticData('node'));
	const mine = webhooksOfThisNode((await listWebhooks(ctx)).webhooks, target.endpoint, state.secret);
	const secret = knownSecret(state.secret, mine);
	if (secret === undefined) return false;
	if (!isAdoption(plan(mine, target.events, withSecret(target.webhookUrl, secret)))) return false;
	rememberSecret(state, secret);
	return true;
}

interface Plan {
	/** event → id of our registration that is already right */
	adopt: Record<string, number>;
	repair: Array<{ event: WebhookEventType; id: number }>;
	create: WebhookEventType[];
	remove: number[];
}

/**
 * Reuses what is ours and right, repairs ours that are off, point at an old secret or at an old public URL (keeping
 * their ids and the workspace's count), removes ours for events no longer chosen. `wanted` is our URL with the secret.
 */
export function plan(mine: ListedWebhook[], events: WebhookEventType[], wanted: string): Plan {
	const result: Plan = { adopt: {}, repair: [], create: [], remove: [] };
	const used = new Set<number>();
	const here = (webhook: ListedWebhook) => endpointOf(webhook.url) === endpointOf(wanted);
	for (const event of events) {
		const candidates = mine.filter((webhook) => webhook.event_type === event);
		const exact = candidates.find((webhook) => isExact(webhook, event, wanted));
		const sameEvent = exact ?? candidates.find(here) ?? candidates[0];
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
async function registerAt(ctx: IHookFunctions, target: RegistrationTarget): Promise<void> {
	const state = knownSecretState(ctx.getWorkflowStaticData('node'));
	const workspace = await listWebhooks(ctx);
	const mine = webhooksOfThisNode(workspace.webhooks, target.endpoint, state.secret);
	const secret = knownSecret(state.secret, mine) ?? newSecret();
	const url = withSecret(target.webhookUrl, secret);
	const steps = plan(mine, target.events, url);
	assertWithinLimit(workspace.count, steps);
	await deleteWebhooks(ctx, steps.remove);
	const missing = [...steps.create];
	for (const { event, id } of steps.repair) {
		if (!(await repairWebhook(ctx, id, url))) missing.push(event);
	}
	await createWebhooks(ctx, missing, url);
	rememberSecret(state, secret);
}

/** Creates one webhook per event; if one fails, removes those it created: a failed activation leaves nothing behind. */
async function createWebhooks(ctx: IHookFunctions, events: WebhookEventType[], url: string): Promise<void> {
	const created: number[] = [];
	try {
		for (const event of events) created.push((await createWebhook(ctx, event, url)).id);
	} catch (error) {
		const rollbackError = await deleteWebhooks(ctx, created).then(
			() => undefined,
			(failure: unknown) => failure,
		);
		throw afterRollback(error, rollbackError);
	}
}

/**
 * Deletes this node's registrations: those at its URL and those it made under an earlier public URL. Nothing of
 * anyone else's is touched.
 */
async function unregisterAt(ctx: IHookFunctions, endpoint: string): Promise<void> {
	const { secret } = knownSecretState(ctx.getWorkflowStaticData('node'));
	const mine = webhooksOfThisNode((await listWebhooks(ctx)).webhooks, endpoint, secret);
	await deleteWebhooks(ctx, mine.map((webhook) => webhook.id));
}

/**
 * Deletes every one of these webhooks, even when some fail, and then reports all failures at once. One already gone
 * (deleted in TimelinesAI, or by a run racing this one) counts as deleted.
 */
async function deleteWebhooks(ctx: IHookFunctions, ids: number[]): Promise<void> {
	const failures: unknown[] = [];
	for (const id of ids) {
		try {
			await deleteWebhook(ctx, id);
		} catch (error) {
			if (!isNotFound(error)) failures.push(error);
		}
	}
	if (failures.length > 0) throw deletionFailure(failures, ids.length);
}

function isNotFound(error: unknown): boolean {
	return error instanceof TimelinesAiRequestError && error.httpStatus === 404;
}

const LEFT_BEHIND_HINT =
	'Delete the ones left in TimelinesAI → Integrations → Public API webhooks, or deactivate and activate the workflow ' +
	'again once TimelinesAI answers: the trigger then removes them itself.';

/** One error for all webhooks that could not be deleted, with each distinct reason. */
export function deletionFailure(failures: unknown[], attempted: number): TimelinesAiRequestError {
	const reasons = [...new Set(failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))))];
	const [first] = failures;
	const status = first instanceof TimelinesAiRequestError ? first.httpStatus : undefined;
	const hint = first instanceof TimelinesAiRequestError ? `${first.hint} ${LEFT_BEHIND_HINT}` : LEFT_BEHIND_HINT;
	return new TimelinesAiRequestError({
		kind: 'rejected',
		httpStatus: status,
		message: `Could not delete ${failures.length} of ${attempted} webhooks of this trigger in TimelinesAI. ${reasons.join(' ')}`,
		hint,
	});
}

/**
 * The error that stopped a registration, with what its clean-up could not undo (if anything) added after it: the
 * first is the cause the user must fix, so it is never replaced.
 */
export function afterRollback(original: unknown, rollbackError: unknown): Error {
	const cause = original instanceof Error ? original : new Error(String(original));
	if (rollbackError === undefined) return cause;
	const leftBehind = `Also, the webhooks created just before could not be removed again: ${(rollbackError as Error).message}`;
	if (cause instanceof TimelinesAiRequestError) {
		return new TimelinesAiRequestError({
			kind: cause.kind,
			httpStatus: cause.httpStatus,
			field: cause.field,
			message: `${cause.message} ${leftBehind}`,
			hint: `${cause.hint} ${LEFT_BEHIND_HINT}`,
		});
	}
	return new Error(`${cause.message} ${leftBehind}`);
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


/** A listed webhook with its event under the current name, so a former name still matches our registration. */
export type ListedWebhook = Omit<Webhook, 'event_type'> & { event_type: WebhookEventType };

/** All webhooks of the workspace: `count` includes ones we cannot parse (event types newer than ours), for the limit. */
interface WorkspaceWebhooks {
	count: number;
	webhooks: ListedWebhook[];
}

async function listWebhooks(ctx: IHookFunctions): Promise<WorkspaceWebhooks> {
	const data = await apiRequest(ctx, {
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

async function createWebhook(ctx: IHookFunctions, eventType: WebhookEventType, url: string): Promise<Webhook> {
	return await apiRequest(ctx, {
		method: 'POST',
		path: '/webhooks',
		data: webhookSchema,
		body: { event_type: eventType, url, enabled: true },
		action: `registering the "${eventType}" webhook`,
	});
}

/**
 * Points one of our own registrations at the current URL (its secret or public URL changed, or it was switched off);
 * null when it is gone (deleted in TimelinesAI since it was listed).
 */
async function repairWebhook(ctx: IHookFunctions, id: number, url: string): Promise<Webhook | null> {
	const repaired = apiRequest(ctx, {
		method: 'PUT',
		path: `/webhooks/${id}`,
		data: webhookSchema,
		body: { url, enabled: true },
		action: `updating webhook ${id}`,
	});
	return await repaired.catch((error: unknown) => {
		if (isNotFound(error)) return null;
		throw error;
	});
}

async function deleteWebhook(ctx: IHookFunctions, id: number): Promise<void> {
	await apiRequest(ctx, {
		method: 'DELETE',
		path: `/webhooks/${id}`,
		data: z.unknown(),
		action: `deleting webhook ${id}`,
	});
}
