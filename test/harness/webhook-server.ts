import { WebhookContext, WorkflowExecute } from 'n8n-core';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	createDeferredPromise,
	createRunExecutionData,
	type INodeExecutionData,
	type IRun,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { readJsonRequest } from './webhook-request';
import type { TriggerWorkflow } from './webhook-workflow';

/** One request the server got, with n8n's answer and, when a run started, the trigger's output. */
export interface DeliveryRecord {
	path: string;
	isTest: boolean;
	status: number;
	answer: unknown;
	/** The trigger node's output items when the delivery started a workflow run. */
	items?: INodeExecutionData[];
}

function send(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

function captureAnswer(response: ServerResponse): { status: () => number; body: () => unknown } {
	const chunks: Buffer[] = [];
	const end = response.end.bind(response);
	response.end = ((chunk?: unknown, ...rest: unknown[]) => {
		if (chunk !== undefined && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
		return end(chunk as string, ...(rest as []));
	}) as ServerResponse['end'];
	return {
		status: () => response.statusCode,
		body: () => {
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				return JSON.parse(text) as unknown;
			} catch {
				return text;
			}
		},
	};
}

/**
 * Starts a run the way n8n does after a webhook: the trigger node on the execution stack with the
 * items its webhook() returned, processed by n8n-core's WorkflowExecute; returns the node's output.
 */
async function runFromWebhook(trigger: TriggerWorkflow, result: IWebhookResponseData, isTest: boolean) {
	const additionalData = trigger.additionalData();
	const finished = createDeferredPromise<IRun>();
	additionalData.hooks!.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger.node, data: { main: result.workflowData ?? [] }, source: null }],
		},
	});
	await new WorkflowExecute(additionalData, isTest ? 'manual' : 'webhook', runExecutionData).processRunExecutionData(
		trigger.workflow,
	);
	const run = await finished.promise;
	return run.data.resultData.runData[trigger.node.name]?.[0]?.data?.main[0] ?? [];
}

/**
 * A loopback HTTP server standing in for n8n's webhook endpoint: each request to the trigger's test or
 * production URL goes, as parsed JSON, into the built node's webhook() via n8n-core's
 * WebhookContext, is answered as n8n would answer it, and, when the node returns items, starts a run.
 */
export class WebhookServer {
	readonly records: DeliveryRecord[] = [];

	private trigger: TriggerWorkflow | undefined;

	private readonly inFlight = new Set<Promise<void>>();

	private constructor(
		private readonly server: Server,
		readonly baseUrl: string,
	) {}

	static async start(): Promise<WebhookServer> {
		// Requests arrive only once it listens, after `instance` below is set.
		const server = createServer((request, response) => instance.handle(request, response));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		const instance = new WebhookServer(server, `http://127.0.0.1:${port}/`);
		return instance;
	}

	/** The workflow whose trigger receives the deliveries (replace it to simulate an n8n restart). */
	serve(trigger: TriggerWorkflow): void {
		this.trigger = trigger;
	}

	/** Output items of every run started so far, one list per run. */
	get runs(): INodeExecutionData[][] {
		return this.records.flatMap((record) => (record.items ? [record.items] : []));
	}

	/** Forgets the requests recorded so far (between tests). */
	clear(): void {
		this.records.length = 0;
	}

	/** Resolves once every request received so far is answered and its run finished. */
	async settled(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
	}

	async close(): Promise<void> {
		await this.settled();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private handle(request: IncomingMessage, response: ServerResponse): void {
		const work = this.process(request, response).finally(() => this.inFlight.delete(work));
		this.inFlight.add(work);
	}

	private async process(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = new URL(request.url ?? '/', this.baseUrl).pathname;
		const trigger = this.trigger;
		const isTest = path.startsWith('/webhook-test/');
		const answer = captureAnswer(response);
		const record: DeliveryRecord = { path, isTest, status: 0, answer: undefined };
		this.records.push(record);
		try {
			if (!trigger || request.method !== 'POST' || new URL(trigger.url(isTest)).pathname !== path) {
				send(response, 404, { code: 404, message: 'The requested webhook is not registered.' });
				return;
			}
			const result = await this.runWebhook(trigger, request, response, isTest);
			if (result?.workflowData) record.items = await runFromWebhook(trigger, result, isTest);
		} finally {
			record.status = answer.status();
			record.answer = answer.body();
		}
	}

	/** What n8n's webhook helpers do around the node: call webhook() with the parsed request, answer unless the node did. */
	private async runWebhook(trigger: TriggerWorkflow, request: IncomingMessage, response: ServerResponse, isTest: boolean) {
		let result: IWebhookResponseData;
		try {
			const parsed = await readJsonRequest(request);
			Object.assign(request, { body: parsed.body, rawBody: parsed.rawBody, query: parsed.query, params: {} });
			const additionalData = trigger.additionalData();
			additionalData.httpRequest = request as never;
			additionalData.httpResponse = response as never;
			const webhookData = trigger.webhookData(isTest, additionalData);
			const mode = isTest ? 'manual' : 'webhook';
			const context = new WebhookContext(trigger.workflow, trigger.node, additionalData, mode, webhookData, [], null);
			result = await trigger.nodeType.webhook!.call(context);
		} catch (error) {
			send(response, 500, { code: 500, message: (error as Error).message });
			return undefined;
		}
		if (!result.noWebhookResponse && !response.headersSent) {
			send(response, 200, result.webhookResponse ?? { message: 'Workflow was started' });
		}
		return result;
	}
}
