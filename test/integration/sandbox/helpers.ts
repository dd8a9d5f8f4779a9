import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { SandboxControl, startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox';

/** Shared by the sandbox tests: a running sandbox per file, plain HTTP calls, and a receiver for deliveries. */

export interface Harness {
	sandbox: RunningSandbox;
	control: SandboxControl;
}

/** Starts one sandbox for the test file (fast pacing) and resets it before each test. */
export function useSandbox(options: SandboxOptions = {}): Harness {
	const harness = {} as Harness;
	beforeAll(async () => {
		harness.sandbox = await startSandbox({ gapMs: 5, seed: 7, ...options });
		harness.control = new SandboxControl(harness.sandbox.controlUrl);
	});
	beforeEach(async () => {
		await harness.control.reset();
	});
	afterAll(async () => {
		await harness.sandbox?.close();
	});
	return harness;
}

/** Parsed JSON as it came: the sandbox tests read it deep and their assertions check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface HttpAnswer<T = Json> {
	status: number;
	headers: Headers;
	body: T;
}

export async function request<T = Json>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
	const res = await fetch(url, {
		method,
		headers: { ...(body === undefined || typeof body === 'string' ? {} : { 'content-type': 'application/json' }), ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, headers: res.headers, body: parsed as T };
}

export function postInbound(sandbox: RunningSandbox, body: unknown): Promise<HttpAnswer> {
	return request('POST', sandbox.inboundUrl, body);
}

export function api(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
	return request(method, `${sandbox.apiBaseUrl}${path}`, body, { authorization: `Bearer ${sandbox.apiToken}` });
}

export interface Received {
	path: string;
	body: Json;
}

/** A small HTTP server standing in for a webhook receiver (the Trigger node, Zapier, ...). */
export class Receiver {
	readonly received: Received[] = [];
	/** Status codes to answer, in order; 200 once used up. */
	answers: number[] = [];
	/** Delay before answering, in ms. */
	delayMs = 0;
	private server?: http.Server;
	url = '';

	async start(): Promise<this> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				const status = this.answers.shift() ?? 200;
				const answer = () => res.writeHead(status).end('ok');
				if (this.delayMs) setTimeout(answer, this.delayMs);
				else answer();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	bodies(): Json[] {
		return this.received.map((entry) => entry.body);
	}

	clear(): void {
		this.received.length = 0;
		this.answers = [];
		this.delayMs = 0;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}
}

/** One Receiver per test file, cleared before each test. */
export function useReceiver(): Receiver {
	const receiver = new Receiver();
	beforeAll(() => receiver.start());
	beforeEach(() => receiver.clear());
	afterAll(() => receiver.stop());
	return receiver;
}
