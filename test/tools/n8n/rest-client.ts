/**
 * A small client of n8n's REST API (session cookie, /rest/...) and public API (API key, /api/v1/...).
 * Only the calls our scripts and tests need.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface Workflow extends WorkflowDefinition {
	id: string;
	active: boolean;
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: ExecutionData;
}

/** The part of an execution's run data tests read. */
export interface ExecutionData {
	resultData: {
		error?: { message: string; description?: string };
		lastNodeExecuted?: string;
		runData: Record<string, Array<NodeRun>>;
	};
}

export interface NodeRun {
	/** When the node started (epoch ms) and how long it ran (ms), as n8n records them. */
	startTime?: number;
	executionTime?: number;
	error?: { message: string; description?: string };
	data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown>; pairedItem?: unknown }> | null> };
}

export class N8nApiError extends Error {
	constructor(
		readonly status: number,
		readonly method: string,
		readonly url: string,
		readonly body: string,
	) {
		super(`${method} ${url} -> HTTP ${status}: ${body.slice(0, 1000)}`);
	}
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

const PUBLICATION_TIMEOUT_MS = 60_000;

const API_KEY_SCOPES = [
	'credential:create',
	'credential:update',
	'credential:delete',
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:update',
	'workflow:delete',
	'workflow:activate',
	'workflow:deactivate',
	'execution:read',
	'execution:list',
];

export class N8nClient {
	private cookie?: string;
	private apiKey?: string;

	constructor(readonly baseUrl: string) {}

	private async request<T>(method: string, path: string, body?: unknown, auth: 'cookie' | 'apiKey' | 'none' = 'none'): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (auth === 'cookie' && this.cookie) headers.cookie = this.cookie;
		if (auth === 'apiKey' && this.apiKey) headers['x-n8n-api-key'] = this.apiKey;
		const url = `${this.baseUrl}${path}`;
		const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await response.text();
		if (!response.ok) throw new N8nApiError(response.status, method, url, text);
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** Sets up the owner account of a fresh instance; does nothing when the instance already has its owner. */
	async ensureOwner(owner: OwnerAccount): Promise<void> {
		try {
			await this.request('POST', '/rest/owner/setup', owner);
		} catch (error) {
			const alreadySetUp = error instanceof N8nApiError && error.status === 400 && /already/i.test(error.body);
			if (!alreadySetUp) throw error;
		}
	}

	async login(email: string, password: string): Promise<void> {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** Creates a fresh public-API key for this client (needs login first). */
	async createApiKey(label: string): Promise<string> {
		const response = await this.request<{ data: { rawApiKey: string } }>(
			'POST',
			'/rest/api-keys',
			{ label, expiresAt: null, scopes: await this.grantableScopes() },
			'cookie',
		);
		this.apiKey = response.data.rawApiKey;
		return this.apiKey;
	}

	/** The scopes we use that this n8n lets the owner grant (1.x knows fewer than 2.x). */
	private async grantableScopes(): Promise<string[]> {
		const { data } = await this.request<{ data: string[] }>('GET', '/rest/api-keys/scopes', undefined, 'cookie');
		return API_KEY_SCOPES.filter((scope) => data.includes(scope));
	}

	/**
	 * Whether an API key of the logged-in owner holds every scope we would grant now: a key remembered in a user folder
	 * from before a scope was added would otherwise fail later with a 403. n8n lists keys redacted to their last 4
	 * characters, as an array (1.x) or under `items` (2.4x).
	 */
	async apiKeyHasOurScopes(rawApiKey: string): Promise<boolean> {
		type Listed = { apiKey: string; scopes?: string[] };
		const { data } = await this.request<{ data: Listed[] | { items: Listed[] } }>('GET', '/rest/api-keys', undefined, 'cookie');
		const listed = (Array.isArray(data) ? data : data.items).find((key) => key.apiKey.slice(-4) === rawApiKey.slice(-4));
		const wanted = await this.grantableScopes();
		return !!listed && wanted.every((scope) => listed.scopes?.includes(scope));
	}

	useApiKey(apiKey: string): void {
		this.apiKey = apiKey;
	}

	/** The session cookie of the last login, to share it: n8n answers 429 to more than a few logins a minute. */
	get sessionCookie(): string | undefined {
		return this.cookie;
	}

	useSessionCookie(cookie: string): void {
		this.cookie = cookie;
	}

	/** The descriptions n8n's editor gets for these node types (version 1), as loaded from the package (needs login). */
	async nodeTypeDescriptions(names: string[]): Promise<Array<Record<string, unknown>>> {
		const nodeInfos = names.map((name) => ({ name, version: 1 }));
		const response = await this.request<{ data: Array<Record<string, unknown>> }>('POST', '/rest/node-types', { nodeInfos }, 'cookie');
		return response.data;
	}

	/**
	 * Every node type description the editor loads at start (/types/nodes.json, needs login), including the tool
	 * variants n8n derives from nodes with `usableAsTool` (`…Tool`), which /rest/node-types does not know.
	 */
	async editorNodeTypes(): Promise<Array<Record<string, unknown>>> {
		return await this.request<Array<Record<string, unknown>>>('GET', '/types/nodes.json', undefined, 'cookie');
	}

	/**
	 * What the editor asks for a node's lists: `options` (loadOptions) or `resource-locator-results` (listSearch),
	 * through `/rest/dynamic-node-parameters/` (needs login). Returns n8n's `data`.
	 */
	async dynamicNodeParameters<T>(kind: 'options' | 'resource-locator-results', payload: Record<string, unknown>): Promise<T> {
		const response = await this.request<{ data: T }>('POST', `/rest/dynamic-node-parameters/${kind}`, payload, 'cookie');
		return response.data;
	}

	/** Whether n8n has loaded a node type, e.g. `n8n-nodes-timelinesai.timelinesAiSend` (needs login). */
	async isNodeTypeKnown(name: string): Promise<boolean> {
		try {
			await this.request('POST', '/rest/node-types', { nodeInfos: [{ name, version: 1 }] }, 'cookie');
			return true;
		} catch (error) {
			if (error instanceof N8nApiError && error.body.includes('Unrecognized node type')) return false;
			throw error;
		}
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const created = await this.request<{ id: string; name: string }>('POST', '/api/v1/credentials', { name, type, data }, 'apiKey');
		return { id: created.id, name: created.name };
	}

	async updateCredential(id: string, data: Record<string, unknown>): Promise<void> {
		await this.request('PATCH', `/api/v1/credentials/${id}`, { data }, 'apiKey');
	}

	async listCredentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		// The editor's route: n8n 1.x's public API cannot list credentials.
		const response = await this.request<{ data: Array<{ id: string; name: string; type: string }> }>('GET', '/rest/credentials', undefined, 'cookie');
		return response.data;
	}

	async createWorkflow(workflow: WorkflowDefinition): Promise<Workflow> {
		return await this.request<Workflow>('POST', '/api/v1/workflows', { settings: {}, ...workflow }, 'apiKey');
	}

	async listWorkflows(): Promise<Workflow[]> {
		const response = await this.request<{ data: Workflow[] }>('GET', '/api/v1/workflows?limit=250', undefined, 'apiKey');
		return response.data;
	}

	/** Replaces the workflow's nodes (its draft: a published workflow runs the new version once activated again). */
	async updateWorkflow(id: string, workflow: WorkflowDefinition): Promise<Workflow> {
		return await this.request<Workflow>('PUT', `/api/v1/workflows/${id}`, { settings: {}, ...workflow }, 'apiKey');
	}

	/** Resolves once the workflow's triggers are live (its webhooks registered); rejects with n8n's reason if not. */
	async activateWorkflow(id: string): Promise<Workflow> {
		const workflow = await this.requestActivation(id, true);
		const failed = ((await this.settledPublication(id))?.triggers ?? []).filter((trigger) => trigger.status === 'failed');
		if (failed.length > 0) {
			throw new Error(`n8n could not activate workflow ${id}: ${failed.map((trigger) => trigger.errorMessage).join('; ')}`);
		}
		return workflow;
	}

	/** Resolves once the workflow's triggers are off (their webhooks deregistered). */
	async deactivateWorkflow(id: string): Promise<Workflow> {
		const workflow = await this.requestActivation(id, false);
		await this.settledPublication(id);
		return workflow;
	}

	/**
	 * Deactivates and activates again every active workflow holding a node of this type, so that n8n runs the node's
	 * webhook registration afresh. n8n 2.4x does not on start-up: it takes the webhooks it registered before a restart
	 * as still there. One workflow that fails to activate does not stop the others; the failures are returned.
	 */
	async reactivateWorkflowsWith(
		nodeType: string,
		only: (workflow: Workflow) => boolean = () => true,
	): Promise<{ reactivated: Workflow[]; failed: Array<{ workflow: Workflow; error: string }> }> {
		const holding = (await this.listWorkflows()).filter(
			(workflow) => workflow.active && workflow.nodes.some((node) => node.type === nodeType) && only(workflow),
		);
		const result = { reactivated: [] as Workflow[], failed: [] as Array<{ workflow: Workflow; error: string }> };
		for (const workflow of holding) {
			try {
				await this.deactivateWorkflow(workflow.id);
				await this.activateWorkflow(workflow.id);
				result.reactivated.push(workflow);
			} catch (error) {
				result.failed.push({ workflow, error: (error as Error).message });
			}
		}
		return result;
	}

	/** Asks n8n to (de)activate without waiting for the triggers: what a user clicking quickly does. */
	async requestActivation(id: string, active: boolean): Promise<Workflow> {
		return await this.request<Workflow>('POST', `/api/v1/workflows/${id}/${active ? 'activate' : 'deactivate'}`, undefined, 'apiKey');
	}

	/**
	 * n8n 2.4x (de)activates workflows in the background (its publication outbox); earlier releases have finished when
	 * the API call returns, and have no publication status to ask about (undefined).
	 */
	async settledPublication(id: string): Promise<PublicationStatus | undefined> {
		const deadline = Date.now() + PUBLICATION_TIMEOUT_MS;
		for (;;) {
			let status: PublicationStatus;
			try {
				({ data: status } = await this.request<{ data: PublicationStatus }>('GET', `/rest/workflows/${id}/publication-status`, undefined, 'cookie'));
			} catch (error) {
				if (error instanceof N8nApiError && error.status === 404) return undefined;
				throw error;
			}
			if (status.status !== 'in_progress') return status;
			if (Date.now() > deadline) throw new Error(`n8n was still (de)activating workflow ${id} after ${PUBLICATION_TIMEOUT_MS / 1000}s`);
			await sleep(100);
		}
	}

	/** The editor's "Listen for test event" on a trigger: n8n registers the node's test URL until an event arrives. */
	async listenForTestEvent(id: string, triggerName: string): Promise<{ waitingForWebhook?: boolean }> {
		const { data } = await this.request<{ data: { waitingForWebhook?: boolean } }>(
			'POST',
			`/rest/workflows/${id}/run`,
			{ triggerToStartFrom: { name: triggerName } },
			'cookie',
		);
		return data;
	}

	/** The editor's manual run (POST /rest/workflows/:id/run, needs login), e.g. "Execute step" on one node. */
	async runManually(id: string, payload: Record<string, unknown>): Promise<{ executionId?: string; waitingForWebhook?: boolean }> {
		const { data } = await this.request<{ data: { executionId?: string; waitingForWebhook?: boolean } }>('POST', `/rest/workflows/${id}/run`, payload, 'cookie');
		return data;
	}

	/** A workflow as the editor opens it (GET /rest/workflows/:id, needs login). */
	async openWorkflow(id: string): Promise<Workflow> {
		const { data } = await this.request<{ data: Workflow }>('GET', `/rest/workflows/${id}`, undefined, 'cookie');
		return data;
	}

	/** Stops listening for a test event (the editor's stop button), which deregisters the test URL. */
	async stopListening(id: string): Promise<void> {
		await this.request('DELETE', `/rest/test-webhook/${id}`, undefined, 'cookie');
	}

	async deleteWorkflow(id: string): Promise<void> {
		await this.request('DELETE', `/api/v1/workflows/${id}`, undefined, 'apiKey');
	}

	/** Executions of one workflow, newest first, with their run data. */
	async listExecutions(workflowId: string): Promise<Execution[]> {
		const response = await this.request<{ data: Execution[] }>(
			'GET',
			`/api/v1/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=250`,
			undefined,
			'apiKey',
		);
		return response.data;
	}

	/** The newest execution of a workflow, with its run data (one execution only, however many there are). */
	async latestExecution(workflowId: string): Promise<Execution | undefined> {
		const response = await this.request<{ data: Execution[] }>(
			'GET',
			`/api/v1/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=1`,
			undefined,
			'apiKey',
		);
		return response.data[0];
	}

	/** How many executions of a workflow have a status (paged through, without their data). */
	async countExecutions(workflowId: string, status: 'success' | 'error' | 'running' | 'waiting'): Promise<number> {
		let count = 0;
		let cursor: string | undefined;
		do {
			const query = `workflowId=${encodeURIComponent(workflowId)}&status=${status}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const page = await this.request<{ data: Execution[]; nextCursor?: string | null }>('GET', `/api/v1/executions?${query}`, undefined, 'apiKey');
			count += page.data.length;
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return count;
	}

	async getExecution(id: string): Promise<Execution> {
		return await this.request<Execution>('GET', `/api/v1/executions/${id}?includeData=true`, undefined, 'apiKey');
	}

	/** POSTs JSON to a production webhook of an active workflow; returns the status and parsed body. */
	async callWebhook(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
		const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: response.status, body: parsed };
	}
}
