import { apiErrorSchema, apiOkSchema, messageDetailsSchema, reactionsSchema } from '../../sandbox/spec-schemas';
import { SEEDED_ACCOUNTS, SEEDED_CHATS } from '../../sandbox/workspace';
import { api, useReceiver, useSandbox, type HttpAnswer } from './helpers';

/** spec/public-api.md "More of the public API": replies, labels on sends, sends by JID, message details and reactions. */

const [RAVI, , PRIYA, WEEKEND] = SEEDED_CHATS.map((chat) => chat.id);
const [SALES_PHONE, SUPPORT_PHONE] = SEEDED_ACCOUNTS.map((account) => account.phone);

type Harness = ReturnType<typeof useSandbox>;

async function details(h: Harness, uid: string) {
	const answer = await api(h.sandbox, 'GET', `/messages/${uid}`);
	expect(answer.status).toBe(200);
	return apiOkSchema(messageDetailsSchema).parse(answer.body).data;
}

async function sentUid(answer: HttpAnswer<{ data: { message_uid: string } }>): Promise<string> {
	expect(answer.status).toBe(200);
	return answer.body.data.message_uid;
}

describe('POST /chats/{id}/messages with reply_to and label', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it('replies to a message of the chat: the label is on the chat at once, the reply names what it answers', async () => {
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:sent:new', url: receiver.url });
		const question = await h.control.simulateIncoming({ chatId: PRIYA, text: 'Is it in stock?' });
		const uid = await sentUid(await api(h.sandbox, 'POST', `/chats/${PRIYA}/messages`, { text: 'Yes, 3 left', reply_to: question.message_uid, label: 'quoted' }));
		expect(await h.control.chatLabels(PRIYA)).toEqual(['customer', 'vip', 'quoted']);
		await h.control.waitForIdle();
		expect(await details(h, uid)).toMatchObject({ uid, chat_id: PRIYA, reply_to_uid: question.message_uid, status: 'Delivered', text: 'Yes, 3 left' });
		expect(receiver.bodies().map((body) => [body.message.message_uid, body.message.reply_to_uid])).toEqual([[uid, question.message_uid]]);
	});

	it('an empty reply_to is ignored; a message of the same account in another chat may be quoted', async () => {
		const plain = await sentUid(await api(h.sandbox, 'POST', `/chats/${PRIYA}/messages`, { text: 'hello', reply_to: '' }));
		const elsewhere = await h.control.simulateIncoming({ chatId: WEEKEND, text: 'from the group' });
		const quoting = await sentUid(await api(h.sandbox, 'POST', `/chats/${PRIYA}/messages`, { text: 'seen it', reply_to: elsewhere.message_uid }));
		expect((await details(h, plain)).reply_to_uid).toBeNull();
		expect((await details(h, quoting)).reply_to_uid).toBe(elsewhere.message_uid);
	});

	it('refuses reply_to of another account\'s message or an unknown uid, and queues nothing', async () => {
		const salesMessage = await h.control.simulateIncoming({ chatId: RAVI, text: 'on the Sales number' });
		for (const replyTo of [salesMessage.message_uid, 'no-such-uid']) {
			const answer = await api(h.sandbox, 'POST', `/chats/${PRIYA}/messages`, { text: 'x', reply_to: replyTo, label: 'never' });
			expect(answer.status).toBe(400);
			expect(apiErrorSchema.parse(answer.body).message).toBe(`reply_to ${replyTo} is not a message of this chat's WhatsApp account`);
		}
		const state = await h.control.state();
		expect(state.messages.filter((message) => message.via === 'api')).toEqual([]);
		expect(state.chats.find((chat) => chat.id === PRIYA)?.labels).toEqual(['customer', 'vip']);
	});
});

describe('POST /messages with label, and POST /messages/to_jid', () => {
	const h = useSandbox();

	it('POST /messages labels the chat it opens once the message leaves', async () => {
		const uid = await sentUid(await api(h.sandbox, 'POST', '/messages', { phone: '+14155550142', text: 'Welcome!', label: 'lead' }));
		await h.control.waitForIdle();
		const message = (await details(h, uid));
		expect(message.chat_id).not.toBeNull();
		expect(await h.control.chat(message.chat_id!)).toMatchObject({ phone: '+14155550142', labels: ['lead'] });
	});

	it('to_jid sends into the account\'s chat with that JID, labelled at once', async () => {
		const uid = await sentUid(await api(h.sandbox, 'POST', '/messages/to_jid', { jid: '120363099887766554@g.us', text: 'Shift swap?', label: 'team' }));
		expect(await h.control.chatLabels(WEEKEND)).toEqual(['team']);
		await h.control.waitForIdle();
		expect(await details(h, uid)).toMatchObject({ chat_id: WEEKEND, whatsapp_account_phone: SUPPORT_PHONE, status: 'Delivered', from_me: true });
	});

	it('to_jid names the account by phone; a direct JID of a new contact opens the chat as its number', async () => {
		const inSales = await sentUid(await api(h.sandbox, 'POST', '/messages/to_jid', { jid: '919812345678@s.whatsapp.net', whatsapp_account_phone: SALES_PHONE, text: 'hi Ravi' }));
		const fresh = await sentUid(await api(h.sandbox, 'POST', '/messages/to_jid', { jid: '14155550177@s.whatsapp.net', text: 'hello', label: 'cold' }));
		await h.control.waitForIdle();
		expect((await details(h, inSales)).chat_id).toBe(RAVI);
		const freshChat = await h.control.chat((await details(h, fresh)).chat_id!);
		expect(freshChat).toMatchObject({ phone: '+14155550177', jid: '14155550177@s.whatsapp.net', labels: ['cold'] });
	});

	const refusals: Array<[string, unknown, number, string]> = [
		['no jid', { text: 'x' }, 400, 'jid is required'],
		['a group JID the account has no chat with', { jid: '120363000000000000@g.us', text: 'x' }, 404, 'Chat with jid 120363000000000000@g.us in WhatsApp account +14155550123 not found'],
		['a group of the other account', { jid: '120363012345678901@g.us', text: 'x' }, 404, 'Chat with jid 120363012345678901@g.us in WhatsApp account +14155550123 not found'],
		['an unknown account', { jid: '120363012345678901@g.us', whatsapp_account_phone: '+10000000000', text: 'x' }, 400, 'whatsapp_account_phone +10000000000 is not a WhatsApp account'],
		['no text and no file', { jid: '120363099887766554@g.us' }, 400, 'text is required unless file_uid is given'],
	];

	it.each(refusals)('to_jid refuses %s and queues nothing', async (_case, body, status, message) => {
		const answer = await api(h.sandbox, 'POST', '/messages/to_jid', body);
		expect(answer.status).toBe(status);
		expect(apiErrorSchema.parse(answer.body).message).toContain(message);
		expect((await h.control.state()).messages).toEqual([]);
	});
});

describe('GET /messages/{uid}: every field', () => {
	const h = useSandbox();

	it('a message sent through the API: from me, by the token\'s owner, to the contact', async () => {
		await h.control.setClock({ set: '2026-03-02T10:00:00Z', frozen: true });
		const uid = await sentUid(await api(h.sandbox, 'POST', `/chats/${PRIYA}/messages`, { text: 'Your order shipped' }));
		await h.control.waitForIdle();
		expect(await details(h, uid)).toEqual({
			uid,
			message_uid: uid,
			chat_id: PRIYA,
			timestamp: '2026-03-02T10:00:00.000Z',
			received_timestamp: null,
			sender_phone: SUPPORT_PHONE,
			sender_name: 'Jon Park',
			recipient_phone: '+447911123456',
			recipient_name: 'Priya Nair',
			from_me: true,
			whatsapp_account_phone: SUPPORT_PHONE,
			direction: 'sent',
			status: 'Delivered',
			origin: 'API',
			has_attachment: false,
			message_type: 'text',
			text: 'Your order shipped',
			created_by: 'jon@northwind.example',
			reply_to_uid: null,
			error: null,
			attachments: [],
		});
	});

	it('a received message with a file: from the contact, received, created by nobody', async () => {
		await h.control.setClock({ set: '2026-03-02T11:00:00Z', frozen: true });
		const received = await h.control.simulateIncoming({ chatId: PRIYA, text: 'photo attached', attachment: { filename: 'shelf.jpg', mimetype: 'image/jpeg', size: 10 } });
		const message = await details(h, received.message_uid);
		expect(message).toMatchObject({
			from_me: false,
			direction: 'received',
			sender_phone: '+447911123456',
			sender_name: 'Priya Nair',
			recipient_phone: SUPPORT_PHONE,
			received_timestamp: '2026-03-02T11:00:00.000Z',
			created_by: null,
			has_attachment: true,
			message_type: 'file',
			origin: 'WhatsApp',
		});
		expect(message.attachments).toEqual([expect.objectContaining({ filename: 'shelf.jpg', size: 10, mimetype: 'image/jpeg' })]);
	});

	it('a message still waiting to go to a new number names the number as recipient and has no chat yet', async () => {
		await h.control.setPacing(60_000);
		await api(h.sandbox, 'POST', '/messages', { phone: '+14155550160', text: 'first' });
		const uid = await sentUid(await api(h.sandbox, 'POST', '/messages', { phone: '+14155550161', text: 'second' }));
		expect(await details(h, uid)).toMatchObject({ chat_id: null, status: 'Pending', recipient_phone: '+14155550161', sender_phone: SUPPORT_PHONE });
	});
});

describe('/messages/{uid}/reactions', () => {
	const h = useSandbox();

	const reactions = async (uid: string, method = 'GET', body?: unknown) => {
		const answer = await api(h.sandbox, method, `/messages/${uid}/reactions`, body);
		expect(answer.status).toBe(200);
		return apiOkSchema(reactionsSchema).parse(answer.body).data;
	};

	it('sets the caller\'s reaction as the message\'s account, replaces it, and "" clears it', async () => {
		const received = await h.control.simulateIncoming({ chatId: PRIYA, text: 'Thanks!' });
		expect(await reactions(received.message_uid)).toEqual({});
		expect(await reactions(received.message_uid, 'PATCH', { reaction: '👍' })).toEqual({ [SUPPORT_PHONE]: '👍' });
		expect(await reactions(received.message_uid, 'PATCH', { reaction: '❤️' })).toEqual({ [SUPPORT_PHONE]: '❤️' });
		expect(await h.control.reactions(received.message_uid)).toEqual({ [SUPPORT_PHONE]: '❤️' });
		expect(await reactions(received.message_uid)).toEqual({ [SUPPORT_PHONE]: '❤️' });
		expect(await reactions(received.message_uid, 'PATCH', { reaction: '' })).toEqual({});
		expect(await h.control.reactions(received.message_uid)).toEqual({});
	});

	it('refuses a body without reaction (400); unknown messages are 404', async () => {
		const received = await h.control.simulateIncoming({ chatId: RAVI, text: 'hi' });
		const answer = await api(h.sandbox, 'PATCH', `/messages/${received.message_uid}/reactions`, {});
		expect(answer.status).toBe(400);
		expect(apiErrorSchema.parse(answer.body).message).toContain('reaction is required');
		for (const method of ['GET', 'PATCH']) {
			expect(await api(h.sandbox, method, '/messages/nope/reactions', method === 'GET' ? undefined : { reaction: '👍' })).toMatchObject({
				status: 404,
				body: { message: 'Message nope not found', error_code: 'not_found' },
			});
		}
	});
});
