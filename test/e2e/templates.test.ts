import { randomUUID } from 'node:crypto';

import type { UpsertChatRequest } from '../sandbox/control-schemas';
import { SEEDED_TEAMMATES } from '../sandbox/workspace';
import type { Execution, Workflow, WorkflowNode } from '../tools/n8n/rest-client';
import { pendingInNode } from '../tools/template-contract';
import { dataTablesOf, findTemplate, type Template } from '../tools/templates';
import { connectSharedN8n, n8nLogTail } from './support/shared-n8n';
import { DataTables } from '../tools/n8n/data-tables';
import { importWithCli, placeholderCredential } from './support/templates';
import { waitUntil } from './support/wait-until';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * Templates 1–6 as a user gets them: imported from their files with n8n's CLI, set up as their sticky notes say
 * (credential, Data tables, settings), activated, and run against the sandbox; what the sandbox and the Data tables
 * hold afterwards is the result. Template 7 needs a model credential: import only (templates-import.test.ts).
 */

const { state } = connectSharedN8n();
const RAVI_CHAT = 20451188;
const PRIYA_CHAT = 20451240;
const [, , ANA] = SEEDED_TEAMMATES;
/**
 * Texts the sticky notes invite users to change; changing them is also the save that gives an imported trigger its
 * webhook id (n8n assigns ids on save, not on a command-line import; see docs/templates.md).
 */
const WELCOME = "=Hi {{ $('Pick next teammate').item.json.contact_name }}! {{ $('Pick next teammate').item.json.teammate_name }} will answer you.";
const FOLLOW_UP = 'Sorry we missed your call! Reply here and we call you back.';

let world: E2eWorld;
let tables: DataTables;
const imported = new Map<string, Workflow>();
const active: string[] = [];

beforeAll(async () => {
	world = await startE2eWorld('templates');
	await placeholderCredential(world);
	tables = await DataTables.connect(world.client);
});
afterAll(async () => {
	for (const id of active) await world?.client.deactivateWorkflow(id).catch(() => undefined);
	await world?.close();
});

/** The template imported from its file (once per test file). */
async function importedWorkflow(template: Template): Promise<Workflow> {
	const known = imported.get(template.file);
	if (known) return known;
	const { workflow } = await importWithCli(world.client, template);
	imported.set(template.file, workflow);
	return workflow;
}

type Settings = Record<string, (node: WorkflowNode) => void>;

/** What the sticky note asks for: the Data tables created empty, the settings filled in; then the workflow activated. */
async function setUp(number: string, settings: Settings = {}, options: { activate?: boolean; inputColumns?: string[] } = {}): Promise<Workflow> {
	const template = findTemplate(number);
	for (const [name, columns] of dataTablesOf(template.workflow)) {
		// Columns the workflow only reads (the user fills them in) are in no node's column list: the test names them.
		const input = (options.inputColumns ?? []).map((column) => ({ name: column, type: 'string' as const }));
		await tables.create(name, [...input, ...columns]);
	}
	const workflow = await importedWorkflow(template);
	const nodes = structuredClone(workflow.nodes);
	for (const [name, change] of Object.entries(settings)) {
		const node = nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`Template ${template.file} has no node "${name}"`);
		change(node);
	}
	const updated = await world.client.updateWorkflow(workflow.id, { name: workflow.name, nodes, connections: workflow.connections, settings: workflow.settings });
	if (options.activate ?? true) {
		await world.client.activateWorkflow(workflow.id);
		active.push(workflow.id);
	}
	return updated;
}

/** A value in a Set node's assignments. */
const assign = (name: string, value: unknown) => (node: WorkflowNode) => {
	const assignments = (node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
	const entry = assignments.find((candidate) => candidate.name === name);
	if (!entry) throw new Error(`"${node.name}" sets no "${name}"`);
	entry.value = value;
};
const parameter = (name: string, value: unknown) => (node: WorkflowNode) => {
	node.parameters[name] = value;
};

function describeFailure(execution: Execution): string {
	const error = execution.data?.resultData.error;
	return `execution ${execution.id} of workflow ${execution.workflowId} failed${error ? `: ${error.message} ${error.description ?? ''}` : ''}${n8nLogTail()}`;
}

/** Waits until the workflow has `count` finished executions; a failed one fails the test at once, with n8n's error. */
async function finishedExecutions(workflowId: string, count: number): Promise<Execution[]> {
	const outcome = await waitUntil<{ failed: Execution } | { finished: Execution[] }>(`${count} finished execution(s) of workflow ${workflowId}`, async () => {
		const executions = await world.client.listExecutions(workflowId);
		const failed = executions.find((execution) => execution.status === 'error' || execution.status === 'crashed');
		if (failed) return { failed };
		const finished = executions.filter((execution) => execution.finished);
		return finished.length >= count ? { finished } : undefined;
	});
	if ('failed' in outcome) throw new Error(describeFailure(outcome.failed));
	return outcome.finished;
}

/** The editor's "Execute workflow" from one trigger of the workflow; resolves with the finished execution. */
async function executeFrom(workflow: Workflow, triggerName: string): Promise<Execution> {
	const { client } = connectSharedN8n();
	const response = await fetch(`${client.baseUrl}/rest/workflows/${workflow.id}/run`, {
		method: 'POST',
		headers: { cookie: client.sessionCookie ?? '', 'content-type': 'application/json' },
		body: JSON.stringify({ triggerToStartFrom: { name: triggerName } }),
	});
	const body = (await response.json()) as { data?: { executionId?: string } };
	const executionId = body.data?.executionId;
	if (!response.ok || !executionId) throw new Error(`Execute workflow from "${triggerName}" answered HTTP ${response.status}: ${JSON.stringify(body)}`);
	const execution = await waitUntil(`execution ${executionId}`, async () => {
		const found = await world.client.getExecution(executionId).catch(() => undefined);
		return found && (found.finished || found.status === 'error') ? found : undefined;
	});
	if (execution.status === 'error') throw new Error(describeFailure(execution));
	return execution;
}

/** The production URL of a trigger that registers nothing (what the user pastes into TimelinesAI's Outbound tab). */
function productionUrl(workflow: Workflow, nodeName: string, secret: string): string {
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`No node "${nodeName}"`);
	// Without a webhook id (imported from a file) n8n serves the node under the workflow's id and the node's name.
	const path = node.webhookId ? `${node.webhookId}/webhook` : `${workflow.id}/${encodeURIComponent(node.name.toLowerCase())}/webhook`;
	return `${world.client.baseUrl}/webhook/${path}?secret=${encodeURIComponent(secret)}`;
}

async function messagesInChat(chatId: number) {
	await world.control.waitForIdle();
	return (await world.control.state()).messages.filter((message) => message.chatId === chatId);
}

/** End to end once the operations a template uses are in the node; until then listed as to do. */
function endToEnd(number: string, name: string, test: () => Promise<void>): void {
	const pending = pendingInNode(findTemplate(number).workflow);
	if (pending.length > 0) it.todo(`${name} (waits for ${pending.join(', ')})`);
	else it(name, test);
}

describe(`templates 1–6 run end to end in n8n ${state.version}`, () => {
	endToEnd('01', 'lead capture: each new contact is stored, labelled lead, assigned in turn and welcomed', async () => {
		const workflow = await setUp('01', { 'Welcome reply': parameter('text', WELCOME) });
		const teammates = (await world.control.state()).teammates;
		const leads = [
			{ phone: '+4915700000101', name: 'Lena Lead' },
			{ phone: '+4915700000102', name: 'Tom Lead' },
		];
		const chats: number[] = [];
		for (const [index, lead] of leads.entries()) {
			const { chat_id: chatId } = await world.control.simulateIncoming({ ...lead, text: `Is the sofa still available? ${randomUUID()}` });
			chats.push(chatId);
			await finishedExecutions(workflow.id, index + 1);
		}

		const rows = await tables.rows('WhatsApp leads');
		expect(rows.map(({ chat_id, name, phone }) => ({ chat_id, name, phone }))).toEqual(
			leads.map((lead, index) => ({ chat_id: String(chats[index]), name: lead.name, phone: lead.phone })),
		);
		for (const [index, chatId] of chats.entries()) {
			const chat = await world.control.chat(chatId);
			const turn = teammates[(rows[index].id - 1) % teammates.length];
			expect(chat.labels).toContain('lead');
			expect(chat.responsible?.email).toBe(turn.email);
			expect(rows[index].assigned_to).toBe(turn.email);
			const sent = (await messagesInChat(chatId)).filter((message) => message.direction === 'sent');
			expect(sent).toEqual([expect.objectContaining({ text: `Hi ${leads[index].name}! ${turn.name} will answer you.` })]);
		}
		expect((await world.control.chat(chats[0])).responsible?.email).not.toBe((await world.control.chat(chats[1])).responsible?.email);
	});

	endToEnd('02', 'conversation digest: one bundle becomes one readable note in the chat and one row', async () => {
		const secret = `digest-${randomUUID()}`;
		const workflow = await setUp('02', { 'Hourly bundle': parameter('manualSecret', secret) });
		await world.control.configureOutbound({ url: productionUrl(workflow, 'Hourly bundle', secret), enabled: true, aggregationHours: 1 });
		const texts = [`Do you deliver to Pune? ${randomUUID()}`, `And on Sundays? ${randomUUID()}`];
		try {
			for (const text of texts) await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
			await world.control.flushBundles();
			await finishedExecutions(workflow.id, 1);
		} finally {
			await world.control.configureOutbound({ enabled: false });
		}

		const notes = (await world.control.notes(RAVI_CHAT)).filter((note) => texts.every((text) => note.text.includes(text)));
		expect(notes).toHaveLength(1);
		expect(notes[0].text).not.toMatch(/<br|<a /);
		const rows = await tables.rows('WhatsApp conversation notes');
		expect(rows).toEqual([expect.objectContaining({ chat_id: String(RAVI_CHAT), contact: 'Ravi Kumar', note: notes[0].text })]);
		expect(rows[0].message_count).toBeGreaterThanOrEqual(2);
	});

	endToEnd('03', 'broadcast: one message per row, never twice, statuses written back', async () => {
		const workflow = await setUp('03', { 'Pause between messages': parameter('amount', 1) }, { activate: false, inputColumns: ['phone', 'name', 'message'] });
		await tables.insert('WhatsApp broadcast list', [
			{ phone: '+919812345678', name: 'Ravi', message: 'Hi [name], our winter sale starts today!' },
			{ phone: '+447911123456', name: 'Priya', message: 'Hello [name], your order is ready.' },
			{ phone: '+4915112345678', name: 'Lena', message: 'Already sent', message_id: 'sent-last-week', status: 'Read' },
		]);
		const before = (await world.control.state()).messages.length;

		await executeFrom(workflow, 'Every 15 minutes');
		await executeFrom(workflow, 'Every 15 minutes');
		await world.control.waitForIdle();

		const sent = (await world.control.state()).messages.slice(before);
		expect(sent.map((message) => message.text).sort()).toEqual(['Hello Priya, your order is ready.', 'Hi Ravi, our winter sale starts today!']);
		let rows = await tables.rows('WhatsApp broadcast list');
		for (const message of sent) {
			expect(rows).toContainEqual(expect.objectContaining({ message_id: message.messageId, status: 'Sent', sent_at: expect.any(String) }));
		}
		expect(rows).toContainEqual(expect.objectContaining({ name: 'Lena', message_id: 'sent-last-week', status: 'Read' }));

		await world.control.setMessageStatus(sent[0].messageId, 'Read');
		await executeFrom(workflow, 'Every hour');
		rows = await tables.rows('WhatsApp broadcast list');
		expect(rows).toContainEqual(expect.objectContaining({ message_id: sent[0].messageId, status: 'Read' }));
	});

	endToEnd('04', 'escalation: chats waiting too long go to the team lead with a note, once', async () => {
		const workflow = await setUp('04', { Settings: assign('lead_email', ANA.email) }, { activate: false });
		const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
		let made = 0;
		const chat = async (name: string, state: Omit<UpsertChatRequest, 'name' | 'phone'>) =>
			(await world.control.upsertChat({ name, phone: `+44207000000${++made}`, isNew: false, ...state })).id;
		const unread = await chat('Unread for 6 hours', { read: false, lastMessageAt: hoursAgo(6) });
		const unanswered = await chat('Read but unanswered for 5 hours', { read: true, unattended: true, lastMessageAt: hoursAgo(5) });
		const recent = await chat('Unread for 1 hour', { read: false, lastMessageAt: hoursAgo(1) });
		const answered = await chat('Read and answered', { read: true, unattended: false, lastMessageAt: hoursAgo(8) });
		const closed = await chat('Closed', { read: false, closed: true, lastMessageAt: hoursAgo(8) });
		const withLead = await chat('Already with the lead', { read: false, responsible: ANA, lastMessageAt: hoursAgo(8) });

		await executeFrom(workflow, 'Every hour');
		await executeFrom(workflow, 'Every hour');

		const escalated = (await world.control.notes()).filter((note) => note.text.startsWith('Escalated automatically')).map((note) => note.chatId);
		expect(escalated).toEqual(expect.arrayContaining([unread, unanswered]));
		expect(escalated.filter((id) => id === unread || id === unanswered)).toHaveLength(2);
		for (const id of [recent, answered, closed, withLead]) expect(escalated).not.toContain(id);
		for (const id of [unread, unanswered]) expect((await world.control.chat(id)).responsible?.email).toBe(ANA.email);
		expect((await world.control.chat(recent)).responsible).toBeNull();
	});

	endToEnd('05', 'out-of-hours: one reply per chat per night, chat left unread', async () => {
		const workflow = await setUp('05', { 'Business hours': (node) => (assign('open_days', '')(node), assign('time_zone', 'UTC')(node)) });
		const before = (await messagesInChat(PRIYA_CHAT)).length;
		for (const [index, text] of ['Are you open?', 'Hello??'].entries()) {
			await world.control.simulateIncoming({ chatId: PRIYA_CHAT, text: `${text} ${randomUUID()}` });
			await finishedExecutions(workflow.id, index + 1);
		}

		const replies = (await messagesInChat(PRIYA_CHAT)).slice(before).filter((message) => message.direction === 'sent');
		expect(replies).toEqual([expect.objectContaining({ text: expect.stringContaining('We are closed right now') })]);
		expect((await world.control.chat(PRIYA_CHAT)).read).toBe(false);
		expect(await tables.rows('WhatsApp out-of-hours replies')).toEqual([
			expect.objectContaining({ chat_id: String(PRIYA_CHAT), night: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), message_id: replies[0].uid }),
		]);
	});

	endToEnd('06', 'missed call: the caller gets a WhatsApp message and the chat the label missed-call', async () => {
		const workflow = await setUp('06', { 'Follow-up message': parameter('text', FOLLOW_UP) });
		const before = (await messagesInChat(RAVI_CHAT)).length;
		await world.control.simulateCall({ chatId: RAVI_CHAT });
		await finishedExecutions(workflow.id, 1);

		const sent = (await messagesInChat(RAVI_CHAT)).slice(before).filter((message) => message.direction === 'sent');
		expect(sent).toEqual([expect.objectContaining({ text: FOLLOW_UP })]);
		expect(await world.control.chatLabels(RAVI_CHAT)).toContain('missed-call');
	});
});
