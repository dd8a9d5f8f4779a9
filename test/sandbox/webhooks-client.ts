import type { AnyEventType, Webhook } from './spec-schemas';

/** Where the sandbox's public API answers, and the workspace's token. */
export interface PublicApiAccess {
	apiBaseUrl: string;
	apiToken: string;
}

/**
 * The workspace's webhooks changed through the public API by someone other than the trigger under test: another
 * system registering its own, a teammate deleting or switching one off, or a test setting the stage.
 */
export class WorkspaceWebhooks {
	constructor(private readonly access: PublicApiAccess) {}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.access.apiBaseUrl}${path}`, {
			method,
			headers: { authorization: `Bearer ${this.access.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} answered HTTP ${response.status}: ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	async create(eventType: AnyEventType, url: string, enabled = true): Promise<Webhook> {
		return await this.call('POST', '/webhooks', { event_type: eventType, url, enabled });
	}

	/** `count` webhooks of another system, each at its own URL. */
	async createForeign(count: number): Promise<Webhook[]> {
		const created: Webhook[] = [];
		for (let index = 0; index < count; index++) created.push(await this.create('message:new', `https://crm.example/hooks/${index}`));
		return created;
	}

	async update(id: number, changes: { url?: string; enabled?: boolean }): Promise<Webhook> {
		return await this.call('PUT', `/webhooks/${id}`, changes);
	}

	async remove(id: number): Promise<void> {
		await this.call('DELETE', `/webhooks/${id}`);
	}
}
