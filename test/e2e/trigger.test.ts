import { randomUUID } from 'node:crypto';

import { groupBundle } from '../fixtures/spec';
import singleFixture from '../fixtures/spec/outbound-single.json';

import type { Workflow } from '../tools/n8n/rest-client';
import { type TriggerItem, nodeOutput, waitForExecution } from './support/executions';
import { runWorkflow } from './support/run-workflow';
import { sendWorkflow, triggerWorkflow, uniquePath } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

const TRIGGER = 'TimelinesAI Trigger';
const RAVI_CHAT = 20451188;

let world: E2eWorld;
let automatic: Workflow;
/** Manual setup: what the Outbound integration posts to, with the user's URL Secret. */
let manual: Workflow;
let manualUrl: string;
const MANUAL_SECRET = 'pasted-secret-from-the-user';

/** Our registrations: webhooks in the sandbox pointing at this workflow's trigger URL. */
async function registrationsOf(workflow: Workflow) {
	const webhookId = workflow.nodes[0].webhookId;
	const { webhooks } = await world.control.state();
	return webhooks.filter((webhook) => webhook.url.startsWith(`${world.client.baseUrl}/webhook/${webhookId}/webhook`));
}

const postJson = async (url: string, body: unknown) =>
	await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });


const withText = (text: string) => (items: TriggerItem[]) => items.some((item) => item.text === text);

beforeAll(async () => {
	world = await startE2eWorld('trigger');
	automatic = await world.createWorkflow(triggerWorkflow('e2e trigger (automatic)', world.credential, { setup: 'automatic' }));
	manual = await world.createWorkflow(triggerWorkflow('e2e trigger (manual)', world.credential, { setup: 'manual', manualSecret: MANUAL_SECRET }));
	manualUrl = `${world.client.baseUrl}/webhook/${manual.nodes[0].webhookId}/webhook?secret=${MANUAL_SECRET}`;
});
afterAll(async () => {
	await world?.close();
});

describe('TimelinesAI Trigger in a real n8n', () => {
	it('registers one webhook per chosen event in TimelinesAI when activated', async () => {
		const registrations = await registrationsOf(automatic);

		expect(registrations.map((webhook) => webhook.event_type).sort()).toEqual(['message:received:new', 'message:sent:new']);
		for (const webhook of registrations) {
			expect(webhook.enabled).toBe(true);
			expect(new URL(webhook.url).searchParams.get('secret')).toEqual(expect.any(String));
		}
	});

	it('turns an incoming message into an execution whose item has the documented shape', async () => {
		const text = `Is the sofa still available? ${randomUUID()}`;
		const simulated = await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
		const { items } = await waitForExecution(world.client, automatic.id, TRIGGER, `the text "${text}"`, withText(text));

		expect(items).toHaveLength(1);
		const [item] = items;
		expect(Object.keys(item).sort()).toEqual(
			[
				'account',
				'attachments',
				'bundle',
				'chat',
				'direction',
				'event',
				'message_uid',
				'origin',
				'received_at',
				'recipient',
				'reply_to_uid',
				'sender',
				'source',
				'text',
				'timestamp',
			].sort(),
		);
		expect(item).toMatchObject({
			event: 'message:received:new',
			source: 'api_webhook',
			direction: 'received',
			text,
			message_uid: simulated.message_uid,
			chat: { id: String(RAVI_CHAT), name: 'Ravi Kumar', phone: '+919812345678', is_group: false },
			sender: { name: 'Ravi Kumar', phone: '+919812345678' },
			account: expect.objectContaining({ phone: '+15105566777' }),
			attachments: [],
			bundle: null,
		});
		expect(new Date(item.timestamp as string).toISOString()).toBe(item.timestamp);
	});

	it('starts nothing for a repeated delivery of the same message', async () => {
		const text = `Repeat me ${randomUUID()}`;
		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
		await waitForExecution(world.client, automatic.id, TRIGGER, `the text "${text}"`, withText(text));
		const { deliveries } = await world.control.state();
		const original = deliveries.find((delivery) => JSON.stringify(delivery.payload).includes(text));
		if (!original) throw new Error(`The sandbox recorded no delivery of "${text}"`);

		// Exactly what a retrying TimelinesAI sends again: same URL, same body.
		const repeated = await fetch(original.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(original.payload),
		});
		expect(repeated.status).toBe(200);

		// A fresh message afterwards marks the point by which the repeat would have run too.
		const marker = `After the repeat ${randomUUID()}`;
		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text: marker });
		await waitForExecution(world.client, automatic.id, TRIGGER, `the text "${marker}"`, withText(marker));
		const executions = await world.client.listExecutions(automatic.id);
		const withRepeatedText = executions.filter((execution) => withText(text)(nodeOutput(execution, TRIGGER)));
		expect(withRepeatedText).toHaveLength(1);
	});

	it('closes the loop: a message sent by the Send node comes back through the Trigger as a `sent` item', async () => {
		const text = `Your order has shipped ${randomUUID()}`;
		const path = uniquePath('loop');
		const send = await world.createWorkflow(
			sendWorkflow(path, {
				credential: world.credential,
				send: { sendTo: 'chatId', chatId: '={{ $json.chat }}', text: '={{ $json.text }}' },
			}),
		);
		const [sent] = await runWorkflow(world.client, { id: send.id, path }, [{ chat: String(RAVI_CHAT), text }]);

		const { items } = await waitForExecution(world.client, automatic.id, TRIGGER, `the sent text "${text}"`, withText(text));
		expect(items[0]).toMatchObject({
			event: 'message:sent:new',
			direction: 'sent',
			text,
			chat: expect.objectContaining({ id: String(RAVI_CHAT) }),
		});
		const { messages } = await world.control.state();
		const message = messages.find((candidate) => candidate.messageId === sent.message_id);
		expect(items[0].message_uid).toBe(message?.uid);
	});

	it('splits a 3-message bundle of the Outbound integration into 3 items', async () => {
		await world.control.configureOutbound({
			url: manualUrl,
			enabled: true,
			aggregationHours: 1,
		});
		const texts = ['one', 'two', 'three'].map((word) => `Bundle ${word} ${randomUUID()}`);
		for (const text of texts) await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
		await world.control.flushBundles();

		const { items } = await waitForExecution(world.client, manual.id, TRIGGER, 'the bundle', withText(texts[0]));
		expect(items.map((item) => item.text)).toEqual(texts);
		items.forEach((item, index) => {
			expect(item).toMatchObject({ source: 'outbound_integration', bundle: expect.objectContaining({ index, count: 3 }) });
		});
		await world.control.configureOutbound({ enabled: false });
	});

	// Bodies only n8n's own body parser decides about; the integration harness sends JSON only.
	it.each([
		['junk JSON labelled application/json: 422 from n8n itself', '{"chat": ', 'application/json', 422],
		['junk JSON sent as text/plain: 400', '{"chat": ', 'text/plain', 400],
		['junk without a content type: 400', 'hello', null, 400],
		['a form-encoded body: 400', 'message=hi&chat=1', 'application/x-www-form-urlencoded', 400],
	])('answers %s', async (_name, body, contentType, status) => {
		const response = await fetch(manualUrl, {
			method: 'POST',
			headers: contentType === null ? {} : { 'content-type': contentType },
			body: new TextEncoder().encode(body),
		});
		expect(response.status).toBe(status);
	});

	it('judges JSON sent as text/plain by its content, not its header', async () => {
		const delivery = structuredClone(singleFixture);
		delivery.message.text = `Sent as text ${randomUUID()}`;
		const response = await fetch(manualUrl, {
			method: 'POST',
			headers: { 'content-type': 'text/plain' },
			body: JSON.stringify(delivery),
		});
		expect(response.status).toBe(200);
		const { items } = await waitForExecution(world.client, manual.id, TRIGGER, 'the text/plain delivery', withText(delivery.message.text));
		expect(items).toHaveLength(1);
	});

	it('answers a delivery with the node\'s own summary and starts one execution', async () => {
		const delivery = structuredClone(singleFixture);
		delivery.message.message_id = randomUUID();
		delivery.message.text = `Answered after the execution ${randomUUID()}`;
		const response = await postJson(manualUrl, delivery);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', items: 1, filtered: 0, repeated: 0 });
		const { items } = await waitForExecution(world.client, manual.id, TRIGGER, 'the delivery', withText(delivery.message.text));
		expect(items).toHaveLength(1);
	});

	it('keeps two group members who wrote "ok" in the same second as 2 items, and starts nothing for the same bundle again', async () => {
		const text = `ok ${randomUUID()}`;
		const bundle = groupBundle(['Ravi Kumar', 'Ana Lima'].map((sender) => ({ sender, text })));
		const answers = [];
		for (let attempt = 0; attempt < 2; attempt++) answers.push(await (await postJson(manualUrl, bundle)).json());
		expect(answers).toEqual([
			{ status: 'ok', items: 2, filtered: 0, repeated: 0 },
			{ status: 'ok', items: 0, filtered: 0, repeated: 2 },
		]);
		const { items } = await waitForExecution(world.client, manual.id, TRIGGER, 'the group bundle', withText(text));
		expect(items.map((item) => (item.sender as { name: string }).name)).toEqual(['Ravi Kumar', 'Ana Lima']);
		const executions = await world.client.listExecutions(manual.id);
		expect(executions.filter((execution) => withText(text)(nodeOutput(execution, TRIGGER)))).toHaveLength(1);
	});

	it('turns an unexpected failure into an execution whose item carries the error', async () => {
		const broken = await world.createWorkflow(
			triggerWorkflow('e2e trigger (broken option)', world.credential, {
				setup: 'manual',
				manualSecret: MANUAL_SECRET,
				options: { downloadAttachments: true, binaryPrefix: '={{ $("No such node").item.json.x }}' },
			}),
		);
		const delivery = structuredClone(singleFixture);
		delivery.message.message_id = randomUUID();
		const response = await postJson(`${world.client.baseUrl}/webhook/${broken.nodes[0].webhookId}/webhook?secret=${MANUAL_SECRET}`, delivery);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', items: 1, error: 'the delivery could not be processed' });
		const { items } = await waitForExecution(world.client, broken.id, TRIGGER, 'the error item', (output) => output.length > 0);
		expect(items).toEqual([
			{
				event: 'delivery:failed',
				error: expect.stringMatching(/^The TimelinesAI Trigger could not process this delivery: .+/),
				received_at: expect.any(String),
				raw: delivery,
			},
		]);
	});

	it.each([
		['an empty URL Secret', '', '"URL Secret" is empty'],
		['a URL Secret with characters that break the URL', 'my secret#2026+&more', '"URL Secret" may only contain letters, digits and - _ . ~'],
	])('refuses to activate a manual setup with %s, saying which field', async (_name, manualSecret, message) => {
		const workflow = await world.createWorkflow(triggerWorkflow('e2e trigger (bad secret)', world.credential, { setup: 'manual', manualSecret }), {
			activate: false,
		});
		await expect(world.client.activateWorkflow(workflow.id)).rejects.toThrow(message);
	});

	it('removes every registration when the workflow is deactivated', async () => {
		expect(await registrationsOf(automatic)).not.toHaveLength(0);
		await world.client.deactivateWorkflow(automatic.id);
		expect(await registrationsOf(automatic)).toEqual([]);
	});
});
