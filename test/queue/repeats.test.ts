import { randomUUID } from 'node:crypto';

import type { Workflow } from '../../scripts/n8n/rest-client';
import { nodeOutput, waitForExecution } from '../e2e/support/executions';
import { waitUntil } from '../e2e/support/wait-until';
import { triggerWorkflow } from '../e2e/support/workflows';
import { type E2eWorld, startE2eWorld } from '../e2e/support/world';
import { deliver, onProcess, recordedDelivery, type RecordedDelivery, type TriggerAnswer, withNewMessage } from './support/deliveries';
import { type QueueState, readQueueState } from './support/queue-state';

/**
 * Repeat detection when deliveries reach several webhook processes. Its memory is the workflow's static data: each
 * process reads it from the database when a delivery arrives and writes all of it back afterwards, so deliveries
 * that overlap can each miss what the others remember. These tests require that nothing is lost and measure the
 * repeats let through (README, "Queue mode").
 */

const TRIGGER = 'TimelinesAI Trigger';
const RAVI_CHAT = 20451188;
const ROUNDS_ON_BOTH = 20;
const BURST = 100;

let world: E2eWorld;
let queue: QueueState;
/** One trigger per scenario, so each counts only its own executions. */
const triggers: Record<'pairs' | 'burst', { workflow: Workflow; template: RecordedDelivery } | undefined> = { pairs: undefined, burst: undefined };
const measured: Record<string, string> = {};

const webhookIdOf = (workflow: Workflow) => workflow.nodes[0].webhookId ?? '';
const sum = (answers: TriggerAnswer[], field: 'items' | 'repeated') => answers.reduce((total, answer) => total + answer[field], 0);

function trigger(name: keyof typeof triggers) {
	const found = triggers[name];
	if (!found) throw new Error(`beforeAll did not set up the "${name}" trigger`);
	return found;
}

/** Waits until the workflow has `count` successful executions, then says how many put out an item with each text. */
async function executionsPerText(workflow: Workflow, count: number, texts: string[]): Promise<Map<string, number>> {
	await waitUntil(`${count} executions of "${workflow.name}"`, async () => {
		const done = await world.client.countExecutions(workflow.id, 'success');
		return done >= count ? done : undefined;
	}, 120_000);
	const perText = new Map(texts.map((text) => [text, 0]));
	for (const execution of await world.client.listExecutions(workflow.id)) {
		for (const item of nodeOutput(execution, TRIGGER)) {
			const text = item.text as string;
			if (perText.has(text)) perText.set(text, (perText.get(text) ?? 0) + 1);
		}
	}
	return perText;
}

beforeAll(async () => {
	queue = readQueueState();
	world = await startE2eWorld('queue repeats');
	const names = Object.keys(triggers) as Array<keyof typeof triggers>;
	const workflows = new Map<string, Workflow>();
	for (const name of names) {
		workflows.set(name, await world.createWorkflow(triggerWorkflow(`queue repeats (${name})`, world.credential, { setup: 'automatic' })));
	}
	// One real message, delivered by the sandbox to both triggers: its deliveries are the templates of every test.
	const text = `Template ${randomUUID()}`;
	await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
	for (const name of names) {
		const workflow = workflows.get(name) as Workflow;
		await waitForExecution(world.client, workflow.id, TRIGGER, `the text "${text}"`, (items) => items.some((item) => item.text === text));
		triggers[name] = { workflow, template: await recordedDelivery(world.control, webhookIdOf(workflow), text) };
	}
});
afterAll(async () => {
	await world?.close();
	if (Object.keys(measured).length > 0) console.log(`Queue mode, repeat detection:\n${Object.entries(measured).map(([what, value]) => `  ${what}: ${value}`).join('\n')}`);
});

describe('TimelinesAI Trigger behind several webhook processes', () => {
	it('catches a redelivery that reaches the other webhook process after the first was handled', async () => {
		const { workflow, template } = trigger('pairs');
		const [first, second] = queue.webhookProcessUrls;
		const payload = withNewMessage(template.payload, `Handled once ${randomUUID()}`);

		expect(await deliver(onProcess(template.url, first), payload)).toEqual({ status: 200, items: 1, repeated: 0 });
		await waitForExecution(world.client, workflow.id, TRIGGER, 'the first delivery', (items) => items.some((item) => item.text === payload.message.text));
		expect(await deliver(onProcess(template.url, second), payload)).toEqual({ status: 200, items: 0, repeated: 1 });
	});

	it(`starts one workflow when the same new message reaches one webhook process twice at the same moment (${ROUNDS_ON_BOTH} rounds)`, async () => {
		const { workflow, template } = trigger('pairs');
		const before = await world.client.countExecutions(workflow.id, 'success');
		const url = onProcess(template.url, queue.webhookProcessUrls[0]);
		const texts: string[] = [];
		for (let round = 0; round < ROUNDS_ON_BOTH; round++) {
			const payload = withNewMessage(template.payload, `Twice on one process ${round} ${randomUUID()}`);
			const answers = await Promise.all([deliver(url, payload), deliver(url, payload)]);
			expect([sum(answers, 'items'), sum(answers, 'repeated')]).toEqual([1, 1]);
			texts.push(payload.message.text);
		}
		const perText = await executionsPerText(workflow, before + ROUNDS_ON_BOTH, texts);
		expect(texts.filter((text) => perText.get(text) !== 1)).toEqual([]);
		measured['same message twice at once to one webhook process'] = `0 of ${ROUNDS_ON_BOTH} started twice, 0 lost`;
	});

	it(`loses no message posted to both webhook processes at the same moment (${ROUNDS_ON_BOTH} rounds), and counts the repeats let through`, async () => {
		const { workflow, template } = trigger('pairs');
		const before = await world.client.countExecutions(workflow.id, 'success');
		const texts: string[] = [];
		const itemsPerText = new Map<string, number>();
		let bothStarted = 0;
		for (let round = 0; round < ROUNDS_ON_BOTH; round++) {
			const payload = withNewMessage(template.payload, `On both processes ${round} ${randomUUID()}`);
			const answers = await Promise.all(queue.webhookProcessUrls.map((url) => deliver(onProcess(template.url, url), payload)));
			expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
			expect(sum(answers, 'items') + sum(answers, 'repeated')).toBe(2);
			texts.push(payload.message.text);
			itemsPerText.set(payload.message.text, sum(answers, 'items'));
			if (sum(answers, 'items') === 2) bothStarted++;
		}

		const started = [...itemsPerText.values()].reduce((total, items) => total + items, 0);
		const perText = await executionsPerText(workflow, before + started, texts);
		for (const text of texts) {
			expect(perText.get(text)).toBeGreaterThanOrEqual(1); // nothing lost
			expect(perText.get(text)).toBe(itemsPerText.get(text)); // n8n ran exactly what the trigger answered
		}
		measured['same message to both webhook processes at once'] = `${bothStarted} of ${ROUNDS_ON_BOTH} started twice, 0 lost`;
	});

	it(`turns ${BURST} new messages delivered at once into exactly ${BURST} executions, and catches their redelivery to the same process`, async () => {
		const { workflow, template } = trigger('burst');
		const before = await world.client.countExecutions(workflow.id, 'success');
		const payloads = Array.from({ length: BURST }, (_, i) => withNewMessage(template.payload, `Burst ${i} ${randomUUID()}`));
		// Shared out like the balancer does (round-robin), but known: message i to webhook process i mod 2.
		const processFor = (i: number, shift = 0) => queue.webhookProcessUrls[(i + shift) % queue.webhookProcessUrls.length];
		const deliverAll = (shift: number) => Promise.all(payloads.map((payload, i) => deliver(onProcess(template.url, processFor(i, shift)), payload)));

		const answers = await deliverAll(0);
		expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
		expect(sum(answers, 'items')).toBe(BURST);
		const texts = payloads.map((payload) => payload.message.text);
		const perText = await executionsPerText(workflow, before + BURST, texts);
		expect(texts.filter((text) => perText.get(text) !== 1)).toEqual([]);

		// TimelinesAI redelivers all of them at once (e.g. answers it did not get), each to the process that had it.
		const toSameProcess = await deliverAll(0);
		expect(toSameProcess).toEqual(payloads.map(() => ({ status: 200, items: 0, repeated: 1 })));

		// ... and once more, each to the other process: only what the static data kept is recognised there.
		const toOtherProcess = await deliverAll(1);
		expect(toOtherProcess.filter((answer) => answer.status !== 200)).toEqual([]);
		const letThrough = sum(toOtherProcess, 'items');
		expect(letThrough + sum(toOtherProcess, 'repeated')).toBe(BURST);
		const afterRedelivery = await executionsPerText(workflow, before + BURST + letThrough, texts);
		payloads.forEach((payload, i) => expect(afterRedelivery.get(payload.message.text)).toBe(1 + toOtherProcess[i].items));

		measured[`${BURST} new messages at once, spread over both webhook processes`] = `${BURST} executions, 0 lost, 0 taken for repeats`;
		measured[`the same ${BURST} redelivered at once, each to the process that had it`] = `0 let through, ${BURST} caught`;
		measured[`the same ${BURST} redelivered at once, each to the other process`] = `${letThrough} let through, ${BURST - letThrough} caught`;
	});
});
