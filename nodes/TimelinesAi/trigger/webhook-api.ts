import type { IHookFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { currentEventType, webhookSchema, type Webhook, type WebhookEventType } from '../protocol';
import { apiRequest } from '../shared/transport';

/** A listed webhook with its event under the current name, so a former name still matches our registration. */
export type ListedWebhook = Omit<Webhook, 'event_type'> & { event_type: WebhookEventType };

/** All webhooks of the workspace: `count` includes ones we cannot parse (event types newer than ours), for the limit. */
export interface WorkspaceWebhooks {
	count: number;
	webhooks: ListedWebhook[];
}

export async function listWebhooks(this: IHookFunctions): Promise<WorkspaceWebhooks> {
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

export async function createWebhook(this: IHookFunctions, eventType: WebhookEventType, url: string): Promise<Webhook> {
	return await apiRequest.call(this, {
		method: 'POST',
		path: '/webhooks',
		data: webhookSchema,
		body: { event_type: eventType, url, enabled: true },
		action: `registering the "${eventType}" webhook`,
	});
}

/** Points one of our own registrations at the current URL (its secret was lost or it was switched off). */
export async function repairWebhook(this: IHookFunctions, id: number, url: string): Promise<Webhook> {
	return await apiRequest.call(this, {
		method: 'PUT',
		path: `/webhooks/${id}`,
		data: webhookSchema,
		body: { url, enabled: true },
		action: `updating webhook ${id}`,
	});
}

export async function deleteWebhook(this: IHookFunctions, id: number): Promise<void> {
	await apiRequest.call(this, {
		method: 'DELETE',
		path: `/webhooks/${id}`,
		data: z.unknown(),
		action: `deleting webhook ${id}`,
	});
}
