import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** First path segments n8n's webhook processes serve (production webhooks and forms); the rest goes to the main. */
const WEBHOOK_SEGMENTS = new Set(['webhook', 'webhook-waiting', 'form', 'form-waiting', 'mcp']);

export interface RunningBalancer {
	url: string;
	close(): Promise<void>;
}

/**
 * What sits in front of n8n in queue mode (nginx, a cloud load balancer): one public URL whose production webhooks are
 * shared round-robin among the webhook processes, everything else (editor, REST and public API) going to the main.
 */
export async function startBalancer(mainUrl: string, webhookUrls: string[], port = 0): Promise<RunningBalancer> {
	let next = 0;
	const pick = (requestPath: string) => {
		if (!WEBHOOK_SEGMENTS.has(requestPath.split(/[/?]/)[1] ?? '')) return mainUrl;
		next = (next + 1) % webhookUrls.length;
		return webhookUrls[next];
	};
	const server = http.createServer((request, response) => {
		const target = new URL(request.url ?? '/', pick(request.url ?? '/'));
		const forwarded = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
			response.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(response);
		});
		forwarded.on('error', (error) => {
			if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
			response.end(`balancer: ${target.host} did not answer (${error.message})`);
		});
		request.pipe(forwarded);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const { port: listening } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${listening}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
