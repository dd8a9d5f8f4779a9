import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** First path segments n8n's webhook processes serve (production webhooks and forms); the rest goes to the main. */
const WEBHOOK_SEGMENTS = new Set(['webhook', 'webhook-waiting', 'form', 'form-waiting', 'mcp']);

export interface RunningBalancer {
	url: string;
	close(): Promise<void>;
}

/**
 * The webhook process (index into the list of `processes`) that serves the webhook at `pathname`, always the same one
 * for the same path while different paths spread over all. Rendezvous hashing: each process scores the path and the
 * highest wins, so a process added or removed moves only the paths it wins or won (like nginx's `hash … consistent`).
 * The query is left out: it carries the URL secret, not which webhook it is.
 */
export function webhookProcessFor(pathname: string, processes: number): number {
	let chosen = 0;
	let best = -1;
	for (let index = 0; index < processes; index++) {
		const score = createHash('sha256').update(`${index} ${pathname}`).digest().readUInt32BE(0);
		if (score > best) {
			chosen = index;
			best = score;
		}
	}
	return chosen;
}

/**
 * What sits in front of n8n in queue mode (nginx, a cloud load balancer): one public URL whose production webhooks go
 * to the webhook processes, everything else (editor, REST and public API) to the main. Each webhook URL always reaches
 * the same webhook process (sticky routing by path): repeated deliveries of a trigger then meet in one process, whose
 * own memory recognises them even when they overlap, which the workflow's static data shared by all processes cannot.
 */
export async function startBalancer(mainUrl: string, webhookUrls: string[], port = 0): Promise<RunningBalancer> {
	const server = http.createServer((request, response) => {
		// Appended, not resolved against the base: a request for `//host/…` stays on the n8n process.
		const requestPath = request.url ?? '/';
		const { pathname } = new URL(`${mainUrl}${requestPath}`);
		const base = WEBHOOK_SEGMENTS.has(pathname.split('/')[1] ?? '') ? webhookUrls[webhookProcessFor(pathname, webhookUrls.length)] : mainUrl;
		const target = new URL(`${base}${requestPath}`);
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
