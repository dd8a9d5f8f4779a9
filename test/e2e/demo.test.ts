import { randomUUID } from 'node:crypto';

import { loadDemoWorkflow, SEND_FORM_PATH, triggerUrl } from '../tools/demo-workflows';
import type { Workflow } from '../tools/n8n/rest-client';
import { waitForExecution } from './support/executions';
import { waitUntil } from './support/wait-until';
import { type E2eWorld, startE2eWorld } from './support/world';

/** The demo workflows `npm start` imports, imported and run here the same way, so a broken demo fails the suite. */

const RAVI_CHAT = 20451188;

let world: E2eWorld;
let autoReply: Workflow;

beforeAll(async () => {
	world = await startE2eWorld('demo');
	autoReply = await world.createWorkflow(loadDemoWorkflow('autoReply', world.credential));
});
afterAll(async () => {
	await world?.close();
});

async function sandboxMessageWithText(text: string) {
	return await waitUntil(`a sandbox message "${text}"`, async () => {
		await world.control.waitForIdle();
		return (await world.control.state()).messages.find((message) => message.text === text);
	});
}

/** Submits the demo form as a browser does: POST, then the page n8n sends the browser to once the workflow answers. */
async function submitSendForm(phone: string, text: string): Promise<string> {
	const form = new FormData();
	form.set('field-0', phone);
	form.set('field-1', text);
	const response = await fetch(`${world.client.baseUrl}/form/${SEND_FORM_PATH}`, { method: 'POST', body: form, signal: AbortSignal.timeout(20_000) });
	const answer = await response.text();
	expect([response.status, answer]).toEqual([200, expect.stringContaining('formWaitingUrl')]);
	const { formWaitingUrl } = JSON.parse(answer) as { formWaitingUrl: string };
	return await waitUntil('the form\'s answer page', async () => {
		const page = await (await fetch(formWaitingUrl, { signal: AbortSignal.timeout(20_000) })).text();
		if (/Not sent|Sent</.test(page)) return page;
		throw new Error(`the page so far: ${page.slice(0, 600)}`);
	});
}

describe('demo workflows', () => {
	it('send-message: the form offers Ravi\'s phone, sends the message, and answers with the result or the error', async () => {
		await world.createWorkflow(loadDemoWorkflow('sendMessage', world.credential));
		const formPage = await (await fetch(`${world.client.baseUrl}/form/${SEND_FORM_PATH}`)).text();
		expect(formPage).toContain('value="+919812345678"');

		const text = `Hello from the form ${randomUUID()}`;
		const sent = await submitSendForm('+919812345678', text);
		expect(sent).toMatch(/Sent[\s\S]*TimelinesAI queued message wa_backend:\w+ to \+919812345678/);
		const message = await sandboxMessageWithText(text);
		expect(message).toMatchObject({ via: 'inbound', targetPhone: '+919812345678' });

		const refused = await submitSendForm('12345', 'Never sent');
		expect(refused).toMatch(/Not sent[\s\S]*Field &quot;Phone&quot; in item 0: &quot;12345&quot;|Not sent[\s\S]*Field "Phone" in item 0: "12345"/);
	});

	it('auto-reply: a received message gets a reply in the same chat', async () => {
		const text = `Do you deliver on Sundays? ${randomUUID()}`;
		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });

		const reply = `Thanks Ravi Kumar! We got your message "${text}" and will answer shortly.`;
		const { items } = await waitForExecution(world.client, autoReply.id, 'Reply', 'the reply', (output) => output.length > 0);
		expect(items[0]).toMatchObject({ recipient: { chat_id: String(RAVI_CHAT) } });
		const message = await sandboxMessageWithText(reply);
		expect(message).toMatchObject({ via: 'inbound', chatId: RAVI_CHAT });
		await world.client.deactivateWorkflow(autoReply.id);
	});

	it('crm-note: an hourly bundle becomes one CRM note with the bundle HTML', async () => {
		const definition = loadDemoWorkflow('crmNote', world.credential);
		const crmNote = await world.createWorkflow(definition);
		const withoutSecret = triggerUrl(world.client.baseUrl, definition).replace(/\?secret=.*$/, '');
		expect((await fetch(withoutSecret, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
		await world.control.configureOutbound({ url: triggerUrl(world.client.baseUrl, definition), enabled: true, aggregationHours: 1 });
		const texts = ['first', 'second', 'third'].map((word) => `CRM ${word} ${randomUUID()}`);
		for (const text of texts) await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
		await world.control.flushBundles();

		const { items } = await waitForExecution(world.client, crmNote.id, 'CRM note', 'the CRM note', (output) => output.length > 0);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ contact: 'Ravi Kumar', contact_phone: '+919812345678', subject: 'WhatsApp conversation, 3 messages' });
		for (const text of texts) expect(items[0].note_html).toContain(text);
	});
});
