import type { WorkflowDefinition } from '../tools/n8n/rest-client';
import { connectSharedN8n } from './support/shared-n8n';
import { waitUntil } from './support/wait-until';
import { runFailing, runWorkflow } from './support/run-workflow';
import { sendWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * n8n's own retries in a real n8n: Retry On Fail, and the Retry of a failed execution with the original
 * and with the current workflow. Whatever n8n runs again, TimelinesAI gets each message at most once.
 */

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('send-retries');
});
afterAll(async () => {
	await world?.close();
});

const PHONES = ['+14155550100', '+447911123456', '+4915112345678'];
const SEND_NODE = 'TimelinesAI Send';

interface RetrySettings {
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

/** Webhook → Split → Send, with Send's Retry On Fail settings; each test has a text of its own. */
async function sendingWorkflow(text: string, retry: RetrySettings = {}) {
	const path = uniquePath('retries');
	const definition: WorkflowDefinition = sendWorkflow(path, {
		credential: world.credential,
		send: { sendTo: 'phone', phone: '={{ $json.phone }}', text },
	});
	Object.assign(definition.nodes.find((node) => node.name === SEND_NODE)!, retry);
	const workflow = await world.createWorkflow(definition);
	return { id: workflow.id, path };
}

const items = PHONES.map((phone) => ({ phone }));

/** The messages with this text the sandbox accepted, per phone. */
async function messagesPerPhone(text: string): Promise<Record<string, number>> {
	await world.control.waitForIdle();
	const counts: Record<string, number> = {};
	for (const message of (await world.control.state()).messages) {
		if (message.text === text) counts[message.targetPhone!] = (counts[message.targetPhone!] ?? 0) + 1;
	}
	return counts;
}

const oncePerPhone = Object.fromEntries(PHONES.map((phone) => [phone, 1]));

/** The editor's Retry button: `POST /rest/executions/:id/retry`, "with original workflow" (false) or "with current workflow" (true). */
async function retryExecution(executionId: string, loadWorkflow: boolean): Promise<void> {
	const { state } = connectSharedN8n();
	const response = await fetch(`${state.baseUrl}/rest/executions/${executionId}/retry`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: state.sessionCookie },
		body: JSON.stringify({ loadWorkflow }),
	});
	if (!response.ok) throw new Error(`Retry of execution ${executionId} answered HTTP ${response.status}: ${await response.text()}`);
}

/** The newest execution of the workflow once it has `count` executions, all finished. */
async function executions(workflowId: string, count: number) {
	return await waitUntil(`${count} finished executions`, async () => {
		const list = await world.client.listExecutions(workflowId);
		return list.length >= count && list.every((execution) => execution.status !== 'running' && execution.status !== 'new') ? list : undefined;
	});
}

beforeEach(async () => {
	await world.control.reset();
	await world.control.clearFaults();
});

describe('Retry On Fail never resends an accepted message', () => {
	it('item 2 fails after items 0 and 1 were accepted; the second try sends item 2 only', async () => {
		const text = 'Retry On Fail: your order has shipped';
		const workflow = await sendingWorkflow(text, { retryOnFail: true, maxTries: 2, waitBetweenTries: 3000 });
		await world.control.setCredits({ remaining: 2 });
		const running = runWorkflow(world.client, workflow, items);
		// Credits come back while n8n waits between the tries, as when a quota renews.
		await waitUntil('item 2 refused', async () => ((await world.control.inboundLog()).attempts.length >= 3 ? true : undefined));
		await world.control.setCredits({ remaining: 100 });

		const output = await running;
		expect(output.map((item) => item.skipped)).toEqual(['sent-earlier', 'sent-earlier', undefined]);
		expect(await messagesPerPhone(text)).toEqual(oncePerPhone);
	});

	it.each(['accept-then-reset', 'accept-then-502', 'accept-then-503', 'accept-then-504'] as const)(
		'%s on item 0: the second try finds it in its chat and does not post it again; items 1 and 2 go out once',
		async (fault) => {
			const text = `Retry On Fail after ${fault}`;
			const workflow = await sendingWorkflow(text, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
			await world.control.injectFault('inbound', fault);
			const output = await runWorkflow(world.client, workflow, items);
			expect(output.map((item) => item.skipped)).toEqual(['sent-earlier', 'sent-earlier', 'sent-earlier']);
			const first = (await world.control.state()).messages.find((message) => message.text === text && message.targetPhone === PHONES[0]);
			expect(output[0].message_id).toBe(first?.uid);
			expect(await messagesPerPhone(text)).toEqual(oncePerPhone);
		},
	);
});

describe('the Retry of a failed execution never resends an accepted message', () => {
	it.each([
		['with the original workflow', false],
		['with the current workflow', true],
	])('%s: items 0 and 1 are not sent again, item 2 goes out once', async (_, loadWorkflow) => {
		const text = `Retry ${loadWorkflow ? 'current' : 'original'}: your order has shipped`;
		const workflow = await sendingWorkflow(text);
		await world.control.setCredits({ remaining: 2 });
		const error = await runFailing(world.client, workflow, items);
		expect(error.message).toMatch(/item 2/);
		expect(await messagesPerPhone(text)).toEqual({ [PHONES[0]]: 1, [PHONES[1]]: 1 });

		await world.control.setCredits({ remaining: 100 });
		const [failed] = await executions(workflow.id, 1);
		// The record of what was accepted is in the execution n8n keeps, for an error workflow or the user.
		const { messages } = await world.control.state();
		expect((failed.data?.resultData.error as { context?: unknown } | undefined)?.context).toMatchObject({
			sent_items: messages.filter((message) => message.text === text).map((message, item) => ({ item, message_id: message.messageId })),
			unsent_items: [2],
		});
		await retryExecution(failed.id, loadWorkflow);
		const [retried] = await executions(workflow.id, 2);
		expect(retried.status).toBe('success');
		expect(await messagesPerPhone(text)).toEqual(oncePerPhone);
	});

	it.each(['accept-then-reset', 'accept-then-502', 'accept-then-503', 'accept-then-504'] as const)(
		'%s on item 0, then Retry with the current workflow: item 0 is found in its chat, not posted again',
		async (fault) => {
			const text = `Retry after ${fault}`;
			const workflow = await sendingWorkflow(text);
			await world.control.injectFault('inbound', fault);
			const error = await runFailing(world.client, workflow, items);
			expect(`${error.message} ${error.description ?? ''}`).toMatch(/may have been sent|may or may not/);
			const [failed] = await executions(workflow.id, 1);
			await retryExecution(failed.id, true);
			const [retried] = await executions(workflow.id, 2);
			expect(retried.status).toBe('success');
			expect(await messagesPerPhone(text)).toEqual(oncePerPhone);
		},
	);
});

// In queue mode n8n 2.41.1 marks a stopped execution canceled, but the worker's node never sees the cancel signal (its
// 40 s wait ran out): measured, not yet solved, so the check runs in single-process n8n only.
const describeOutsideQueueMode = globalThis.timelinesAiN8nRelease === 'queue' ? describe.skip : describe;

describeOutsideQueueMode('Stop means stop', () => {
	it('stopping the execution ends the pending rate-limit waits at once, and nothing is posted again', async () => {
		const text = 'Stop: your order has shipped';
		const workflow = await sendingWorkflow(text);
		// One message per 40 s: items 1 and 2 (in flight with item 0) get a 429 whose Retry-After the node would wait out.
		await world.control.setRateLimit(1, 40_000);
		const running = world.client.callWebhook(workflow.path, { items });
		await waitUntil('items 1 and 2 told to wait', async () => ((await world.control.inboundLog()).attempts.length >= 3 ? true : undefined));
		const { state } = connectSharedN8n();
		// The public API lists finished executions only; the editor's REST list has the running one.
		const execution = await waitUntil('the running execution', async () => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
			const response = await fetch(`${state.baseUrl}/rest/executions?filter=${filter}`, { headers: { cookie: state.sessionCookie } });
			const { data } = (await response.json()) as { data: { results: Array<{ id: string; status: string }> } };
			return data.results.find((candidate) => candidate.status === 'running');
		});

		const stoppedAt = Date.now();
		const stop = await fetch(`${state.baseUrl}/rest/executions/${execution.id}/stop`, { method: 'POST', headers: { cookie: state.sessionCookie } });
		expect(stop.ok).toBe(true);
		await running;
		const [ended] = await executions(workflow.id, 1);
		expect(ended.status).toBe('canceled');
		expect(Date.now() - stoppedAt).toBeLessThan(10_000);
		// The node would have posted items 1 and 2 again once the wait was over: it did not.
		expect((await world.control.inboundLog()).attempts).toHaveLength(3);
		expect(await messagesPerPhone(text)).toEqual({ [PHONES[0]]: 1 });
	});
});
