import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy received, and what became of it. */
export interface ProxiedRequest {
	method: string;
	path: string;
	/** The status answered; undefined when the connection was dropped. */
	status?: number;
}

/**
 * What to do with one request: pass it on to the sandbox, drop the connection (TimelinesAI unreachable), or answer
 * a status of our own without passing it on.
 */
export type ProxyAction = 'pass' | 'drop' | { status: number; message: string };
export type ProxyRule = (request: { method: string; path: string }) => ProxyAction | Promise<ProxyAction>;

/**
 * A loopback stand-in for the network between n8n and TimelinesAI's public API: passes requests on to the sandbox
 * unless the test's rule says otherwise, and records every request. The sandbox stays the witness of what was done;
 * the proxy only decides which requests reach it.
 */
export class ApiProxy {
	rule: ProxyRule = () => 'pass';

	readonly requests: ProxiedRequest[] = [];

	private constructor(
		private readonly server: http.Server,
		private readonly target: URL,
	) {}

	static async start(targetApiBaseUrl: string): Promise<ApiProxy> {
		// Requests arrive only once it listens, after `proxy` below is set.
		const server = http.createServer((req, res) => void proxy.handle(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const proxy = new ApiProxy(server, new URL(targetApiBaseUrl));
		return proxy;
	}

	/** The API base URL to put into a credential: the sandbox's, reached through the proxy. */
	get apiBaseUrl(): string {
		const { port } = this.server.address() as AddressInfo;
		return `http://127.0.0.1:${port}${this.target.pathname.replace(/\/+$/, '')}`;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const method = req.method ?? 'GET';
		const path = req.url ?? '/';
		const record: ProxiedRequest = { method, path };
		this.requests.push(record);
		const action = await this.rule({ method, path });
		if (action === 'drop') {
			res.socket?.destroy();
			return;
		}
		if (action !== 'pass') {
			record.status = action.status;
			res.writeHead(action.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ status: 'error', message: action.message }));
			return;
		}
		const headers: Record<string, string> = {};
		for (const name of ['authorization', 'content-type', 'accept']) {
			const value = req.headers[name];
			if (typeof value === 'string') headers[name] = value;
		}
		const response = await fetch(`${this.target.origin}${path}`, {
			method,
			headers,
			body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
		});
		record.status = response.status;
		res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
		res.end(Buffer.from(await response.arrayBuffer()));
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
