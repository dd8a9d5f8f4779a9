import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { type RunningBalancer, startBalancer } from '../tools/n8n/queue/balancer';

/**
 * The balancer of the queue topology over real HTTP, in front of three small servers standing in for the main and two
 * webhook processes (each answers its own name): every webhook URL must always reach the same webhook process.
 */

const NAMES = ['main', 'webhook-1', 'webhook-2'] as const;
const WEBHOOK_PATHS = 200;

let servers: http.Server[];
let balancer: RunningBalancer;

async function listen(name: string): Promise<http.Server> {
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => response.end(JSON.stringify({ name, url: request.url })));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Which server answered a POST of `requestPath` through the balancer, and the path it saw. */
async function servedBy(requestPath: string): Promise<{ name: string; url: string }> {
	const response = await fetch(`${balancer.url}${requestPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	return (await response.json()) as { name: string; url: string };
}

beforeAll(async () => {
	servers = await Promise.all(NAMES.map(listen));
	const [main, ...webhookProcesses] = servers.map(urlOf);
	balancer = await startBalancer(main, webhookProcesses);
});
afterAll(async () => {
	await balancer?.close();
	await Promise.all((servers ?? []).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('queue-mode balancer', () => {
	it('sends every delivery to one webhook URL to the same webhook process, whatever its secret', async () => {
		const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => servedBy(`/webhook/0b6c2f1e-one-trigger/webhook?secret=s${i % 3}`)));
		expect(new Set(answers.map((answer) => answer.name)).size).toBe(1);
		expect(answers[0].name).toMatch(/^webhook-/);
		expect(answers[0].url).toBe('/webhook/0b6c2f1e-one-trigger/webhook?secret=s0');
	});

	it(`spreads ${WEBHOOK_PATHS} different webhook URLs over both webhook processes`, async () => {
		const answers = await Promise.all(Array.from({ length: WEBHOOK_PATHS }, (_, i) => servedBy(`/webhook/trigger-${i}/webhook`)));
		const perProcess = new Map<string, number>();
		for (const { name } of answers) perProcess.set(name, (perProcess.get(name) ?? 0) + 1);
		// Fair hashing gives each about half; 60 of 200 is far outside chance (p < 1e-8).
		expect(perProcess.get('webhook-1')).toBeGreaterThanOrEqual(60);
		expect(perProcess.get('webhook-2')).toBeGreaterThanOrEqual(60);
		expect(perProcess.get('main')).toBeUndefined();
	});

	it('sends forms to the webhook processes and the editor and APIs to the main, never to another host', async () => {
		expect((await servedBy('/form/send-whatsapp')).name).toMatch(/^webhook-/);
		expect((await servedBy('/rest/login')).name).toBe('main');
		expect((await servedBy('/api/v1/workflows')).name).toBe('main');
		expect(await servedBy('//example.com/webhook/x')).toEqual({ name: 'main', url: '//example.com/webhook/x' });
	});
});
