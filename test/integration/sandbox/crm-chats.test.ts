import { apiErrorSchema, apiOkSchema, apiChatSchema, chatMessagesPageSchema, chatsPageSchema, labelsDataSchema, noteSchema } from '../../sandbox/spec-schemas';
import { SEEDED_ACCOUNTS, SEEDED_CHATS } from '../../sandbox/workspace';
import { api, useReceiver, useSandbox } from './helpers';

/** spec/public-api.md "More of the public API (for CRM flows)": chats, their filters, update, labels, notes, history. */

const [RAVI, STORE, PRIYA, WEEKEND] = SEEDED_CHATS.map((chat) => chat.id);
const [SALES, SUPPORT] = SEEDED_ACCOUNTS.map((account) => account.id);

type Harness = ReturnType<typeof useSandbox>;

async function listChats(h: Harness, query = '') {
	const answer = await api(h.sandbox, 'GET', `/chats${query}`);
	expect(answer.status).toBe(200);
	return apiOkSchema(chatsPageSchema).parse(answer.body).data;
}

async function chatIds(h: Harness, query: string): Promise<number[]> {
	return (await listChats(h, query)).chats.map((chat) => chat.id);
}

describe('GET /chats: the chat object, its order, and every filter', () => {
	const h = useSandbox();

	it('answers the spec\'s chat object for direct chats and groups, newest last message first', async () => {
		const { chats, has_more_pages } = await listChats(h);
		expect(has_more_pages).toBe(false);
		expect(chats.map((chat) => chat.id)).toEqual([RAVI, STORE, PRIYA, WEEKEND]);
		expect(chats[0]).toEqual({
			id: RAVI,
			name: 'Ravi Kumar',
			phone: '+919812345678',
			jid: '919812345678@s.whatsapp.net',
			is_group: false,
			closed: false,
			read: false,
			labels: ['lead'],
			chatgpt_autoresponse_enabled: false,
			whatsapp_account_id: SALES,
			responsible_email: 'maya@northwind.example',
			responsible_name: 'Maya Ortiz',
			chat_url: `https://app.timelines.ai/chat/${RAVI}/messages/`,
			created_timestamp: '2025-10-01T09:00:00Z',
			last_message_uid: null,
			last_message_timestamp: '2025-11-03T16:20:00.000Z',
			unattended: true,
			photo: null,
		});
		expect(chats[1]).toMatchObject({
			name: 'Store pickup team',
			is_group: true,
			responsible_email: null,
			group_members: [
				{ name: 'Lena Fischer', phone: '+4915112345678' },
				{ name: 'Ravi Kumar', phone: '+919812345678' },
			],
		});
	});

	it('the seeded chats differ in labels, read, closed, unattended and AI Agent, with a last message time each', async () => {
		const { chats } = await h.control.state();
		expect(chats.map((chat) => [chat.id, chat.labels, chat.read, chat.closed, chat.unattended, chat.aiAgent, chat.lastMessageAt])).toEqual([
			[RAVI, ['lead'], false, false, true, false, '2025-11-03T16:20:00.000Z'],
			[STORE, ['store'], true, false, false, false, '2025-11-03T12:05:00.000Z'],
			[PRIYA, ['customer', 'vip'], false, false, false, true, '2025-11-02T09:40:00.000Z'],
			[WEEKEND, [], true, true, false, false, '2025-10-28T18:00:00.000Z'],
		]);
	});

	it('"unread for N hours": a contact\'s message makes the chat unread and unattended; an answer attends to it, marking it read clears it', async () => {
		await h.control.setClock({ set: '2026-03-02T08:00:00Z', frozen: true });
		const question = await h.control.simulateIncoming({ chatId: STORE, text: 'Is the pickup at 5?' });
		let store = (await listChats(h, '?read=false&group=true')).chats[0];
		expect(store).toMatchObject({ id: STORE, read: false, unattended: true, last_message_uid: question.message_uid, last_message_timestamp: '2026-03-02T08:00:00.000Z' });
		await h.control.advanceClock(3 * 3600_000);
		await api(h.sandbox, 'POST', `/chats/${STORE}/messages`, { text: 'Yes, at 5' });
		await h.control.waitForIdle();
		store = (await listChats(h, '?read=false&group=true')).chats[0];
		expect(store).toMatchObject({ id: STORE, read: false, unattended: false, last_message_timestamp: '2026-03-02T11:00:00.000Z' });
		await api(h.sandbox, 'PATCH', `/chats/${STORE}`, { read: true });
		expect(await chatIds(h, '?read=false')).toEqual([RAVI, PRIYA]);
	});

	const filters: Array<[string, number[]]> = [
		['?label=vip', [PRIYA]],
		['?label=lead,store', [RAVI, STORE]],
		['?label=LEAD', [RAVI]],
		['?label=nobody-has-it', []],
		[`?whatsapp_account_id=${SUPPORT}`, [PRIYA, WEEKEND]],
		[`?whatsapp_account_id=${SALES},${SUPPORT}`, [RAVI, STORE, PRIYA, WEEKEND]],
		['?group=true', [STORE, WEEKEND]],
		['?group=false', [RAVI, PRIYA]],
		['?responsible=maya@northwind.example', [RAVI]],
		['?responsible=MAYA@northwind.example,jon@northwind.example', [RAVI, PRIYA]],
		['?name=ravi,crew', [RAVI, WEEKEND]],
		['?name=ravi%20kumar', [RAVI]],
		['?name=kumar%20ravi', []],
		['?phone=%2B447911123456', [PRIYA]],
		['?phone=%2B44791112345', []],
		['?phone=07911123456', [PRIYA]],
		['?phone=9812345', [RAVI]],
		['?whatsapp_phone=%2B447911123456', [PRIYA, WEEKEND]],
		['?whatsapp_phone=%2B4915112345678,%2B351912345678', [STORE, WEEKEND]],
		['?read=false', [RAVI, PRIYA]],
		['?read=true', [STORE, WEEKEND]],
		['?closed=true', [WEEKEND]],
		['?chatgpt_autoresponse_enabled=true', [PRIYA]],
		[`?label=lead,vip&read=false&group=false&whatsapp_account_id=${SUPPORT}`, [PRIYA]],
		['?closed=false&read=true', [STORE]],
	];

	it.each(filters)('GET /chats%s', async (query, expected) => {
		expect(await chatIds(h, query)).toEqual(expected);
	});

	it('created_after and created_before compare the chat\'s creation time', async () => {
		const later = await h.control.upsertChat({ name: 'January lead', phone: '+14155550199', createdAt: '2026-01-05T08:00:00Z' });
		expect(await chatIds(h, '?created_after=2025-12-01T00:00:00Z')).toEqual([later.id]);
		expect(await chatIds(h, '?created_before=2025-12-01T00:00:00Z')).toEqual([RAVI, STORE, PRIYA, WEEKEND]);
		expect(await chatIds(h, '?created_after=2025-09-01T00:00:00Z&created_before=2026-02-01T00:00:00%2B02:00')).toHaveLength(5);
	});

	it('a chat added through the control surface can carry labels, read, closed, unattended, AI Agent and a last message time', async () => {
		const added = await h.control.upsertChat({
			name: 'Old lead',
			phone: '+14155550188',
			labels: ['lead', 'follow-up'],
			read: false,
			unattended: true,
			aiAgent: true,
			lastMessageAt: '2026-01-10T08:00:00+01:00',
		});
		expect((await api(h.sandbox, 'GET', `/chats/${added.id}`)).body.data).toMatchObject({
			labels: ['lead', 'follow-up'],
			read: false,
			closed: false,
			unattended: true,
			chatgpt_autoresponse_enabled: true,
			last_message_timestamp: '2026-01-10T07:00:00.000Z',
		});
		expect(await chatIds(h, '?label=follow-up')).toEqual([added.id]);
		expect((await h.control.state()).labels).toContain('follow-up');
	});

	it('a bad filter value is a 400 that names every bad filter', async () => {
		const answer = await api(h.sandbox, 'GET', '/chats?read=maybe&created_after=yesterday');
		expect(answer.status).toBe(400);
		const { message } = apiErrorSchema.parse(answer.body);
		expect(message).toContain('read must be true or false, got "maybe"');
		expect(message).toContain('created_after must be a date');
	});

	it('a new message puts its chat first; chats without messages come last, by name as people read numbers', async () => {
		await h.control.upsertChat({ name: 'Lead 10', phone: '+14155550110' });
		await h.control.upsertChat({ name: 'Lead 2', phone: '+14155550102' });
		const sent = await h.control.simulateIncoming({ chatId: WEEKEND, text: 'who has the keys?' });
		const { chats } = await listChats(h, '?with_msg=true');
		expect(chats.map((chat) => chat.name)).toEqual(['Weekend crew', 'Ravi Kumar', 'Store pickup team', 'Priya Nair', 'Lead 2', 'Lead 10']);
		expect(chats[0]).toMatchObject({ last_message_uid: sent.message_uid, unattended: true, read: false });
		expect(chats[0].last_message).toMatchObject({ uid: sent.message_uid, text: 'who has the keys?', from_me: false });
		expect(chats[1].last_message).toBeNull();
		expect((await listChats(h)).chats[0]).not.toHaveProperty('last_message');
	});

	it('pages by 50 with page and has_more_pages, filters applied before paging', async () => {
		for (let n = 1; n <= 55; n++) await h.control.upsertChat({ name: `Lead ${n}`, phone: `+1415556${1000 + n}` });
		const first = await listChats(h, '?name=lead&group=false');
		expect(first.chats).toHaveLength(50);
		expect(first.has_more_pages).toBe(true);
		const second = await listChats(h, '?name=lead&group=false&page=2');
		expect(second.chats.map((chat) => chat.name)).toEqual(['Lead 51', 'Lead 52', 'Lead 53', 'Lead 54', 'Lead 55']);
		expect(second.has_more_pages).toBe(false);
	});
});

describe('GET and PATCH /chats/{id}', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it('GET answers one chat, the same object the list gives; unknown ids are 404', async () => {
		const one = await api(h.sandbox, 'GET', `/chats/${PRIYA}`);
		const listed = (await listChats(h, '?name=priya')).chats[0];
		expect(apiOkSchema(apiChatSchema).parse(one.body).data).toEqual(listed);
		for (const id of ['1', 'abc']) {
			expect(await api(h.sandbox, 'GET', `/chats/${id}`)).toMatchObject({ status: 404, body: { status: 'error', message: `Chat ${id} not found`, error_code: 'not_found' } });
		}
	});

	it('renames, assigns, closes, marks read and switches the AI Agent on, and answers the updated chat', async () => {
		const answer = await api(h.sandbox, 'PATCH', `/chats/${RAVI}`, {
			name: 'Ravi Kumar (Acme)',
			responsible: 'ana@northwind.example',
			closed: true,
			read: true,
			chatgpt_autoresponse_enabled: true,
		});
		expect(answer.status).toBe(200);
		const expected = {
			name: 'Ravi Kumar (Acme)',
			responsible_email: 'ana@northwind.example',
			responsible_name: 'Ana Costa',
			closed: true,
			read: true,
			chatgpt_autoresponse_enabled: true,
		};
		expect(apiOkSchema(apiChatSchema).parse(answer.body).data).toMatchObject(expected);
		expect(await h.control.chat(RAVI)).toMatchObject({
			name: 'Ravi Kumar (Acme)',
			responsible: { name: 'Ana Costa', email: 'ana@northwind.example' },
			closed: true,
			read: true,
			aiAgent: true,
		});
	});

	it('assigning and unassigning ("") fire the chat:responsible webhooks; the same teammate again fires nothing', async () => {
		for (const event_type of ['chat:responsible:assigned', 'chat:responsible:unassigned']) {
			await api(h.sandbox, 'POST', '/webhooks', { event_type, url: `${receiver.url}/${event_type}` });
		}
		await api(h.sandbox, 'PATCH', `/chats/${STORE}`, { responsible: 'jon@northwind.example' });
		await api(h.sandbox, 'PATCH', `/chats/${STORE}`, { responsible: 'JON@northwind.example' });
		const unassigned = await api(h.sandbox, 'PATCH', `/chats/${STORE}`, { responsible: '' });
		expect(unassigned.body.data).toMatchObject({ responsible_email: null, responsible_name: null });
		await h.control.waitForIdle();
		expect(receiver.received.map((entry) => [entry.path, entry.body.chat.id, entry.body.chat.responsible_email])).toEqual([
			['/chat:responsible:assigned', STORE, 'jon@northwind.example'],
			['/chat:responsible:unassigned', STORE, null],
		]);
	});

	const refusals: Array<[string, unknown, number, string]> = [
		['a name over 256 characters', { name: 'x'.repeat(257) }, 400, 'name: name is at most 256 characters'],
		['an empty name', { name: '  ' }, 400, 'name: name may not be empty'],
		['a name another chat has (in any case)', { name: 'priya nair' }, 422, `name "priya nair" is taken by chat ${PRIYA}`],
		['someone who is no teammate', { responsible: 'lena@example.com' }, 422, 'responsible "lena@example.com" is not a teammate of this workspace'],
		['closed as a string', { closed: 'yes' }, 400, 'closed: closed must be true or false'],
		['a body that is not an object', [1, 2], 400, 'The request body must be a JSON object'],
	];

	it.each(refusals)('refuses %s and changes nothing', async (_case, body, status, message) => {
		const before = await h.control.chat(RAVI);
		const answer = await api(h.sandbox, 'PATCH', `/chats/${RAVI}`, body);
		expect(answer.status).toBe(status);
		expect(apiErrorSchema.parse(answer.body).message).toContain(message);
		expect(await h.control.chat(RAVI)).toEqual(before);
	});

	it('PATCH of an unknown chat is 404', async () => {
		expect((await api(h.sandbox, 'PATCH', '/chats/42', { closed: true })).status).toBe(404);
	});
});

describe('/chats/{id}/labels: PUT adds, POST replaces', () => {
	const h = useSandbox();

	const labelsOf = async (chatId: number, method = 'GET', body?: unknown) => {
		const answer = await api(h.sandbox, method, `/chats/${chatId}/labels`, body);
		expect(answer.status).toBe(200);
		return apiOkSchema(labelsDataSchema).parse(answer.body).data.labels;
	};

	it('GET lists the chat\'s labels', async () => {
		expect(await labelsOf(PRIYA)).toEqual(['customer', 'vip']);
		expect(await labelsOf(WEEKEND)).toEqual([]);
	});

	it('PUT adds the given labels and keeps the others, without doubling one', async () => {
		expect(await labelsOf(RAVI, 'PUT', { labels: ['vip', 'lead', 'Hot deal'] })).toEqual(['lead', 'vip', 'Hot deal']);
		expect(await h.control.chatLabels(RAVI)).toEqual(['lead', 'vip', 'Hot deal']);
	});

	it('POST replaces the whole set; an empty list clears it', async () => {
		expect(await labelsOf(PRIYA, 'POST', { labels: ['cold'] })).toEqual(['cold']);
		expect(await h.control.chatLabels(PRIYA)).toEqual(['cold']);
		expect(await labelsOf(PRIYA, 'POST', { labels: [] })).toEqual([]);
	});

	it('unknown label names become workspace labels', async () => {
		await labelsOf(STORE, 'PUT', { labels: ['missed-call'] });
		expect((await h.control.state()).labels).toEqual(['lead', 'store', 'customer', 'vip', 'missed-call']);
	});

	const refusals: Array<[string, unknown, string]> = [
		['a label over 64 characters', { labels: ['x'.repeat(65)] }, 'labels.0: a label is at most 64 characters'],
		['an empty label', { labels: [''] }, 'labels.0: a label may not be empty'],
		['no labels field', {}, 'labels: labels is required'],
		['labels as a string', { labels: 'vip' }, 'labels: Expected array'],
	];

	it.each(refusals)('refuses %s (400) and keeps the labels', async (_case, body, message) => {
		for (const method of ['PUT', 'POST']) {
			const answer = await api(h.sandbox, method, `/chats/${RAVI}/labels`, body);
			expect(answer.status).toBe(400);
			expect(apiErrorSchema.parse(answer.body).message).toContain(message);
		}
		expect(await h.control.chatLabels(RAVI)).toEqual(['lead']);
	});

	it('labels of an unknown chat are 404', async () => {
		for (const method of ['GET', 'PUT', 'POST']) {
			expect((await api(h.sandbox, method, '/chats/42/labels', method === 'GET' ? undefined : { labels: ['x'] })).status).toBe(404);
		}
	});
});

describe('POST /chats/{id}/notes', () => {
	const h = useSandbox();

	it('adds a private note by default, a public one when asked; the control state shows them', async () => {
		await h.control.setClock({ set: '2026-03-02T09:30:00Z', frozen: true });
		const privateNote = await api(h.sandbox, 'POST', `/chats/${PRIYA}/notes`, { text: 'Asked for a quote.\n<b>as is</b>' });
		expect(apiOkSchema(noteSchema).parse(privateNote.body).data).toEqual({
			id: 1,
			chat_id: PRIYA,
			text: 'Asked for a quote.\n<b>as is</b>',
			is_private: true,
			created_at: '2026-03-02T09:30:00.000Z',
			created_by_email: 'jon@northwind.example',
		});
		await api(h.sandbox, 'POST', `/chats/${PRIYA}/notes`, { text: 'Shared with the team', is_private: false });
		await api(h.sandbox, 'POST', `/chats/${RAVI}/notes`, { text: 'Call back Monday' });
		expect((await h.control.notes(PRIYA)).map((note) => [note.text, note.isPrivate])).toEqual([
			['Asked for a quote.\n<b>as is</b>', true],
			['Shared with the team', false],
		]);
		expect(await h.control.notes()).toHaveLength(3);
	});

	const refusals: Array<[string, unknown, string]> = [
		['no text', {}, 'text: text is required'],
		['an empty text', { text: '' }, 'text: text may not be empty'],
		['a text over 10,000 characters', { text: 'x'.repeat(10_001) }, 'text: text is at most 10000 characters'],
		['is_private as a string', { text: 'x', is_private: 'no' }, 'is_private: Expected boolean'],
	];

	it.each(refusals)('refuses %s (400) and adds nothing', async (_case, body, message) => {
		const answer = await api(h.sandbox, 'POST', `/chats/${PRIYA}/notes`, body);
		expect(answer.status).toBe(400);
		expect(apiErrorSchema.parse(answer.body).message).toContain(message);
		expect(await h.control.notes()).toEqual([]);
	});

	it('accepts exactly 10,000 characters; a note to an unknown chat is 404', async () => {
		expect((await api(h.sandbox, 'POST', `/chats/${PRIYA}/notes`, { text: 'x'.repeat(10_000) })).status).toBe(200);
		expect((await api(h.sandbox, 'POST', '/chats/42/notes', { text: 'x' })).status).toBe(404);
	});
});

describe('GET /chats/{id}/messages: history with filters, order and pages', () => {
	const h = useSandbox();

	/** Five messages in Priya's chat at known times: received, sent, received, sent, received. */
	async function conversation(): Promise<string[]> {
		const uids: string[] = [];
		const times = ['2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-03T07:00:00Z'];
		for (const [index, at] of times.entries()) {
			await h.control.setClock({ set: at, frozen: true });
			const direction = index % 2 === 0 ? 'received' : 'sent';
			uids.push((await h.control.simulateIncoming({ chatId: PRIYA, text: `m${index}`, direction })).message_uid);
		}
		return uids;
	}

	async function history(query = ''): Promise<string[]> {
		const answer = await api(h.sandbox, 'GET', `/chats/${PRIYA}/messages${query}`);
		expect(answer.status).toBe(200);
		return apiOkSchema(chatMessagesPageSchema).parse(answer.body).data.messages.map((message) => message.text);
	}

	it('newest first by default, oldest first with sorting_order=asc, only this chat\'s messages', async () => {
		await conversation();
		await h.control.simulateIncoming({ chatId: RAVI, text: 'elsewhere' });
		expect(await history()).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
		expect(await history('?sorting_order=desc')).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
		expect(await history('?sorting_order=asc')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
	});

	it('from_me, after and before (inclusive, date or date-time), after_message and before_message (exclusive)', async () => {
		const uids = await conversation();
		expect(await history('?from_me=true')).toEqual(['m3', 'm1']);
		expect(await history('?from_me=false&sorting_order=asc')).toEqual(['m0', 'm2', 'm4']);
		expect(await history('?after=2026-03-01T09:00:00Z&sorting_order=asc')).toEqual(['m1', 'm2', 'm3', 'm4']);
		expect(await history('?before=2026-03-02T10:00:00Z&sorting_order=asc')).toEqual(['m0', 'm1', 'm2', 'm3']);
		expect(await history('?after=2026-03-02&sorting_order=asc')).toEqual(['m2', 'm3', 'm4']);
		expect(await history('?before=2026-03-02&sorting_order=asc')).toEqual(['m0', 'm1', 'm2', 'm3']);
		expect(await history(`?after_message=${uids[1]}&sorting_order=asc`)).toEqual(['m2', 'm3', 'm4']);
		expect(await history(`?before_message=${uids[3]}`)).toEqual(['m2', 'm1', 'm0']);
		expect(await history(`?after_message=${uids[0]}&before_message=${uids[4]}&from_me=true`)).toEqual(['m3', 'm1']);
	});

	it('bad values are a 400 naming them; an unknown chat is 404', async () => {
		const answer = await api(h.sandbox, 'GET', `/chats/${PRIYA}/messages?sorting_order=sideways&after_message=nope&from_me=perhaps&before=soon`);
		expect(answer.status).toBe(400);
		const { message } = apiErrorSchema.parse(answer.body);
		for (const part of ['sorting_order must be asc or desc', `after_message nope is not a message of chat ${PRIYA}`, 'from_me must be true or false', 'before must be a date']) {
			expect(message).toContain(part);
		}
		expect((await api(h.sandbox, 'GET', '/chats/42/messages')).status).toBe(404);
	});

	it('pages by 50', async () => {
		for (let n = 0; n < 55; n++) await h.control.simulateIncoming({ chatId: PRIYA, text: `n${n}` });
		const first = apiOkSchema(chatMessagesPageSchema).parse((await api(h.sandbox, 'GET', `/chats/${PRIYA}/messages?sorting_order=asc`)).body).data;
		expect(first.messages).toHaveLength(50);
		expect(first.has_more_pages).toBe(true);
		const second = apiOkSchema(chatMessagesPageSchema).parse((await api(h.sandbox, 'GET', `/chats/${PRIYA}/messages?sorting_order=asc&page=2`)).body).data;
		expect(second.messages.map((message) => message.text)).toEqual(['n50', 'n51', 'n52', 'n53', 'n54']);
		expect(second.has_more_pages).toBe(false);
	});
});
