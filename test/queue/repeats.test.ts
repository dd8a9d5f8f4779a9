import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Workflow, WorkflowDefinition, WorkflowNode } from '../tools/n8n/rest-client';
import { nodeOutput, waitForExecution } from '../e2e/support/executions';
import { waitUntil } from '../e2e/support/wait-until';
import { triggerWorkflow } from '../e2e/support/workflows';
import { type E2eWorld, startE2eWorld } from '../e2e/support/world';
import { deliver, onProcess, recordedDelivery, type RecordedDelivery, type TriggerAnswer, withNewMessage } from './support/deliveries';
import { type QueueState, readQueueState } from './support/queue-state';

/**
 * Repeat detection when deliveries reach several webhook processes. Its memory is the workflow's static data (read
 * from the database when a delivery arrives, written back whole afterwards, so overlapping deliveries on different
 * processes overwrite each other's keys) plus each process's own memory (which sees every delivery it handles at
 * once). Through the balancer, which sends each webhook URL to one webhook process, repeats must stay within a stated
 * bound; delivered straight to both processes (no sticky routing), the repeats let through are measured and printed
 * (README, "Queue mode"). Nothing may be lost either way. Each workflow continues with n8n's Remove Duplicates node on
 * `message_uid` across executions, to measure what that leaves through as well.
 */

const TRIGGER = 'TimelinesAI Trigger';
const REMOVE_DUPLICATES = 'Remove Duplicates';
const RAVI_CHAT = 20451188;
/** Messages per scenario, each delivered twice. */
const BURST = 100;
/** New messages arriving together with the redeliveries 5 s later, so that the webhook process is busy. */
const LOAD = 50;
/** TimelinesAI waits 5 s for an answer, then counts the delivery as failed. */
const TIMELINESAI_TIMEOUT_MS = 5_000;
/**
 * Redeliveries through the balancer that may start the workflow a second time, of BURST. Measured 0 of 100 in each of
 * 3 runs, in both scenarios; 3 leaves a margin for timings those runs did not meet, and still fails at once when a
 * trigger's deliveries are split over the processes (97 to 100 of 100 then).
 */
const ROUTED_REPEATS_BOUND = 3;
/** Each scenario makes 200 to 250 deliveries and executions; on a busy 2-core machine that took over 3 minutes. */
const SCENARIO_TIMEOUT_MS = 360_000;

type Scenario = 'handled' | 'routedAtOnce' | 'routedRetry' | 'unroutedAtOnce' | 'unroutedRetry';
/** Where delivery `copy` (0: the first, 1: the redelivery) of message `index` goes, given the URL TimelinesAI has. */
type Route = (url: string, index: number, copy: number) => string;

let world: E2eWorld;
let queue: QueueState;
/** One trigger per scenario, so each counts only its own executions (at most 250, what one listing returns). */
const triggers = new Map<Scenario, { workflow: Workflow; template: RecordedDelivery }>();
const measured: Record<string, string> = {};

const webhookIdOf = (workflow: Workflow) => workflow.nodes[0].webhookId ?? '';
const record = (what: string, { startedTwice, passedTwice }: Repeats) => {
	measured[what] = `${startedTwice} of ${BURST} started twice, ${passedTwice} of them also passed Remove Duplicates twice, 0 lost`;
};
const sum = (answers: TriggerAnswer[], field: 'items' | 'repeated') => answers.reduce((total, answer) => total + answer[field], 0);

/** Through the balancer, as TimelinesAI delivers to the registered URL. */
const routed: Route = (url) => url;
/** Without sticky routing: message i first to webhook process i mod 2, its redelivery to the other one. */
const unrouted: Route = (url, index, copy) => onProcess(url, queue.webhookProcessUrls[(index + copy) % queue.webhookProcessUrls.length]);

function trigger(scenario: Scenario) {
	const found = triggers.get(scenario);
	if (!found) throw new Error(`beforeAll did not set up the "${scenario}" trigger`);
	return found;
}

/** The trigger workflow of the tests, followed by n8n's check across executions on `message_uid`. */
function repeatsWorkflow(scenario: Scenario): WorkflowDefinition {
	// One event type: 5 triggers stay within TimelinesAI's 10 webhooks per workspace.
	const definition = triggerWorkflow(`queue repeats (${scenario})`, world.credential, { setup: 'automatic', events: ['message:received:new'] });
	const removeDuplicates: WorkflowNode = {
		name: REMOVE_DUPLICATES,
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		position: [240, 0],
		parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.message_uid }}' },
	};
	return { ...definition, nodes: [...definition.nodes, removeDuplicates], connections: { [TRIGGER]: { main: [[{ node: REMOVE_DUPLICATES, type: 'main', index: 0 }]] } } };
}

/** How many executions put out an item with each text, from the trigger and from Remove Duplicates. */
interface PerText {
	started: Map<string, number>;
	passed: Map<string, number>;
}

/** Waits until the workflow has `count` successful executions, then counts each text's items. */
async function executionsPerText(workflow: Workflow, count: number, texts: string[]): Promise<PerText> {
	await waitUntil(`${count} executions of "${workflow.name}"`, async () => {
		const done = await world.client.countExecutions(workflow.id, 'success');
		return done >= count ? done : undefined;
	}, SCENARIO_TIMEOUT_MS - 120_000); // what is left of the test's time after its deliveries, to fail readably
	const perText: PerText = { started: new Map(texts.map((text) => [text, 0])), passed: new Map(texts.map((text) => [text, 0])) };
	const countItems = (counts: Map<string, number>, items: Array<Record<string, unknown>>) => {
		for (const { text } of items) if (typeof text === 'string' && counts.has(text)) counts.set(text, (counts.get(text) ?? 0) + 1);
	};
	for (const execution of await world.client.listExecutions(workflow.id)) {
		countItems(perText.started, nodeOutput(execution, TRIGGER));
		countItems(perText.passed, nodeOutput(execution, REMOVE_DUPLICATES));
	}
	return perText;
}

/** Messages that started the workflow twice, and of those, how many passed Remove Duplicates twice as well. */
interface Repeats {
	startedTwice: number;
	passedTwice: number;
}

/**
 * Waits for the executions the answers announced and checks that n8n ran exactly those, one per message at least, and
 * that Remove Duplicates let each message through once at least; counts the repeats among `redelivered`.
 */
async function executedAsAnswered(scenario: Scenario, before: number, startedPerText: Map<string, number>, redelivered: string[]): Promise<Repeats> {
	const started = [...startedPerText.values()].reduce((total, items) => total + items, 0);
	const perText = await executionsPerText(trigger(scenario).workflow, before + started, [...startedPerText.keys()]);
	for (const [text, items] of startedPerText) {
		expect([text, items >= 1]).toEqual([text, true]); // nothing lost, nothing new taken for a repeat
		expect([text, perText.started.get(text)]).toEqual([text, items]); // n8n ran exactly what the trigger answered
		expect([text, (perText.passed.get(text) ?? 0) >= 1]).toEqual([text, true]); // nor did Remove Duplicates lose one
	}
	return {
		startedTwice: redelivered.filter((text) => perText.started.get(text) === 2).length,
		passedTwice: redelivered.filter((text) => perText.passed.get(text) === 2).length,
	};
}

/** The items each message's deliveries started (answers in the order of the texts). */
function startedPerMessage(texts: string[], answersPerMessage: TriggerAnswer[][]): Map<string, number> {
	return new Map(texts.map((text, i) => [text, sum(answersPerMessage[i], 'items')]));
}

/** BURST new messages, each delivered twice at the same moment. */
async function redeliveredAtOnce(scenario: Scenario, route: Route): Promise<Repeats> {
	const { workflow, template } = trigger(scenario);
	const before = await world.client.countExecutions(workflow.id, 'success');
	const payloads = Array.from({ length: BURST }, (_, i) => withNewMessage(template.payload, `${scenario} ${i} ${randomUUID()}`));

	const answers = await Promise.all(payloads.map((payload, i) => Promise.all([0, 1].map((copy) => deliver(route(template.url, i, copy), payload)))));
	expect(answers.flat().filter((answer) => answer.status !== 200)).toEqual([]);
	// Each delivery is answered as one item or one repeat.
	expect(answers.filter((pair) => sum(pair, 'items') + sum(pair, 'repeated') !== 2)).toEqual([]);

	const texts = payloads.map((payload) => payload.message.text);
	return await executedAsAnswered(scenario, before, startedPerMessage(texts, answers), texts);
}

/**
 * BURST new messages at once; 5 s after they were sent (TimelinesAI's timeout), all of them again, together with LOAD
 * other new messages.
 */
async function redeliveredUnderLoad(scenario: Scenario, route: Route): Promise<Repeats> {
	const { workflow, template } = trigger(scenario);
	const before = await world.client.countExecutions(workflow.id, 'success');
	const payloads = Array.from({ length: BURST }, (_, i) => withNewMessage(template.payload, `${scenario} ${i} ${randomUUID()}`));
	const load = Array.from({ length: LOAD }, (_, i) => withNewMessage(template.payload, `${scenario} load ${i} ${randomUUID()}`));
	const deliverAll = (messages: typeof payloads, copy: number) => Promise.all(messages.map((payload, i) => deliver(route(template.url, i, copy), payload)));

	const first = deliverAll(payloads, 0);
	await sleep(TIMELINESAI_TIMEOUT_MS);
	const [again, loadAnswers, firstAnswers] = await Promise.all([deliverAll(payloads, 1), deliverAll(load, 0), first]);
	expect([...firstAnswers, ...again, ...loadAnswers].filter((answer) => answer.status !== 200)).toEqual([]);
	expect(loadAnswers.filter((answer) => answer.items !== 1)).toEqual([]);
	const pairs = payloads.map((_, i) => [firstAnswers[i], again[i]]);
	expect(pairs.filter((pair) => sum(pair, 'items') + sum(pair, 'repeated') !== 2)).toEqual([]);

	const texts = payloads.map((payload) => payload.message.text);
	const started = startedPerMessage(texts, pairs);
	for (const payload of load) started.set(payload.message.text, 1);
	return await executedAsAnswered(scenario, before, started, texts);
}

beforeAll(async () => {
	queue = readQueueState();
	world = await startE2eWorld('queue repeats');
	const scenarios: Scenario[] = ['handled', 'routedAtOnce', 'routedRetry', 'unroutedAtOnce', 'unroutedRetry'];
	const workflows = new Map<Scenario, Workflow>();
	for (const scenario of scenarios) workflows.set(scenario, await world.createWorkflow(repeatsWorkflow(scenario)));
	// One real message, delivered by the sandbox (through the balancer) to every trigger: the template of its tests.
	const text = `Template ${randomUUID()}`;
	await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
	for (const [scenario, workflow] of workflows) {
		await waitForExecution(world.client, workflow.id, TRIGGER, `the text "${text}"`, (items) => items.some((item) => item.text === text));
		triggers.set(scenario, { workflow, template: await recordedDelivery(world.control, webhookIdOf(workflow), text) });
	}
});
afterAll(async () => {
	await world?.close();
	if (Object.keys(measured).length > 0) console.log(`Queue mode, repeat detection:\n${Object.entries(measured).map(([what, value]) => `  ${what}: ${value}`).join('\n')}`);
});

describe('TimelinesAI Trigger behind several webhook processes', () => {
	it('catches a redelivery that reaches the other webhook process after the first was handled', async () => {
		const { workflow, template } = trigger('handled');
		const [first, second] = queue.webhookProcessUrls;
		const payload = withNewMessage(template.payload, `Handled once ${randomUUID()}`);

		expect(await deliver(onProcess(template.url, first), payload)).toEqual({ status: 200, items: 1, repeated: 0 });
		await waitForExecution(world.client, workflow.id, TRIGGER, 'the first delivery', (items) => items.some((item) => item.text === payload.message.text));
		expect(await deliver(onProcess(template.url, second), payload)).toEqual({ status: 200, items: 0, repeated: 1 });
	});

	describe('through the balancer (each webhook URL to one webhook process)', () => {
		it(`starts at most ${ROUTED_REPEATS_BOUND} of ${BURST} messages twice when each is delivered twice at the same moment`, async () => {
			const repeats = await redeliveredAtOnce('routedAtOnce', routed);
			record(`through the balancer: ${BURST} messages, each delivered twice at the same moment`, repeats);
			expect(repeats.startedTwice).toBeLessThanOrEqual(ROUTED_REPEATS_BOUND);
		}, SCENARIO_TIMEOUT_MS);

		it(`lets through at most ${ROUTED_REPEATS_BOUND} of ${BURST} messages redelivered 5 s later among ${LOAD} new ones`, async () => {
			const repeats = await redeliveredUnderLoad('routedRetry', routed);
			record(`through the balancer: ${BURST} messages, redelivered 5 s later with ${LOAD} new ones`, repeats);
			expect(repeats.startedTwice).toBeLessThanOrEqual(ROUTED_REPEATS_BOUND);
		}, SCENARIO_TIMEOUT_MS);
	});

	// What a user without sticky routing gets: only the workflow's static data is shared, and overlapping saves lose
	// keys, so most repeats get through. What is asserted is the documented limit, inside the scenarios: each delivery
	// starts the workflow at most once (a message at most twice), n8n runs exactly that, and no message is lost.
	describe('spread over both webhook processes (no sticky routing)', () => {
		it(`loses none of ${BURST} messages delivered to both processes at the same moment, and counts the repeats let through`, async () => {
			const repeats = await redeliveredAtOnce('unroutedAtOnce', unrouted);
			record(`spread: ${BURST} messages, each delivered to both processes at the same moment`, repeats);
		}, SCENARIO_TIMEOUT_MS);

		it(`loses none of ${BURST} messages redelivered 5 s later to the other process among ${LOAD} new ones, and counts the repeats`, async () => {
			const repeats = await redeliveredUnderLoad('unroutedRetry', unrouted);
			record(`spread: ${BURST} messages, redelivered 5 s later to the other process with ${LOAD} new ones`, repeats);
		}, SCENARIO_TIMEOUT_MS);
	});
});
