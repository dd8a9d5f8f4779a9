import { postInbound, request, useSandbox } from './helpers';

/** spec/inbound-webhook.md "Request": every refusal is HTTP 40X `{"status": 40X, "data": {}, "message": "..."}` naming the problem. */

const file = { file_url: 'http://127.0.0.1:1/invoice.pdf', file_name: 'invoice.pdf' };

const refused: Array<[string, unknown, number, RegExp]> = [
	['action missing', { phone: '+14155550100', text: 'Hi' }, 400, /action is required/],
	['action other than "send"', { action: 'delete', phone: '+14155550100', text: 'Hi' }, 400, /action must be "send"/],
	['text missing', { action: 'send', phone: '+14155550100' }, 400, /text is required/],
	['text not a string', { action: 'send', phone: '+14155550100', text: 42 }, 400, /text must be a string/],
	['empty text without a file', { action: 'send', phone: '+14155550100', text: '' }, 400, /text may be empty only when a file is sent/],
	['file_url without file_name', { action: 'send', phone: '+14155550100', text: 'Hi', file_url: file.file_url }, 400, /file_name is required with file_url/],
	['no recipient field', { action: 'send', text: 'Hi' }, 400, /One recipient field is required: chat_id, jid, phone, chat_name/],
	['two recipient fields', { action: 'send', phone: '+14155550100', chat_id: '20451188', text: 'Hi' }, 400, /Only one recipient field is allowed, got chat_id, phone/],
	['chat_id not a number', { action: 'send', chat_id: 'abc', text: 'Hi' }, 400, /chat_id must be a number/],
	['chat_id neither a number nor a string', { action: 'send', chat_id: true, text: 'Hi' }, 400, /^chat_id must be the chat's number \(as in its URL\), e\.g\. 20451188$/],
	['phone given as a number', { action: 'send', phone: 14155550100, text: 'Hi' }, 400, /^phone must be a string, got number$/],
	['text null', { action: 'send', phone: '+14155550100', text: null }, 400, /^text must be a string, got null$/],
	['empty file_name with file_url', { action: 'send', phone: '+14155550100', text: '', ...file, file_name: '' }, 400, /^file_name is required with file_url$/],
	['only empty recipient fields', { action: 'send', chat_id: '', phone: '', text: 'Hi' }, 400, /^One recipient field is required/],
	['three recipient fields', { action: 'send', phone: '+14155550100', chat_name: 'Ravi Kumar', jid: '14155550100@s.whatsapp.net', text: 'Hi' }, 400, /^Only one recipient field is allowed, got jid, phone, chat_name$/],
	['sender account phone not a string', { action: 'send', phone: '+14155550100', text: 'Hi', 'whatsapp account phone': 15105566777 }, 400, /^"whatsapp account phone" must be a string, got number$/],
	['several problems at once, each named', { action: 'send', text: '', file_url: file.file_url }, 400, /^One recipient field is required: chat_id, jid, phone, chat_name; file_name is required with file_url$/],
	['unknown chat_id', { action: 'send', chat_id: '99999', text: 'Hi' }, 400, /No chat found with chat_id 99999/],
	['unknown chat_name', { action: 'send', chat_name: 'Nobody', text: 'Hi' }, 400, /No chat found with the name "Nobody"/],
	['chat_name of another account than the sender', { action: 'send', chat_name: 'Ravi Kumar', text: 'Hi' }, 400, /No chat found with the name "Ravi Kumar" on account \+14155550123/],
	['malformed jid', { action: 'send', jid: '14155550100', text: 'Hi' }, 400, /jid must look like 14155550100@s\.whatsapp\.net/],
	['unknown group jid', { action: 'send', jid: '120363000000000000@g.us', text: 'Hi' }, 400, /No group chat found with jid 120363000000000000@g\.us/],
	['sender account not in the workspace', { action: 'send', 'whatsapp account phone': '+19998887777', phone: '+14155550100', text: 'Hi' }, 400, /"whatsapp account phone" \+19998887777 is not a WhatsApp account of this workspace/],
	['body is a JSON array', [{ action: 'send' }], 400, /must be a JSON object/],
	['body is not JSON', 'action=send&text=hi', 400, /must be a JSON object/],
	['empty body', '', 400, /must be a JSON object/],
];

const accepted: Array<[string, Record<string, unknown>]> = [
	['phone', { action: 'send', phone: '+14155550100', text: 'Hi' }],
	['chat_id as a string', { action: 'send', chat_id: '20451188', text: 'Hi' }],
	['chat_id as a number', { action: 'send', chat_id: 20451188, text: 'Hi' }],
	['jid of a contact without a chat', { action: 'send', jid: '14155550100@s.whatsapp.net', text: 'Hi' }],
	['jid of a known group', { action: 'send', jid: '120363099887766554@g.us', text: 'Hi' }],
	['chat_name of the default sender', { action: 'send', chat_name: 'Weekend crew', text: 'Hi' }],
	['chat_name with its account given', { action: 'send', 'whatsapp account phone': '+15105566777', chat_name: 'Ravi Kumar', text: 'Hi' }],
	['empty text with a file', { action: 'send', phone: '+14155550100', text: '', ...file }],
	['text with line breaks and emoji', { action: 'send', phone: '+14155550100', text: 'Line 1\nLine 2 👍' }],
	['unknown extra fields are ignored', { action: 'send', phone: '+14155550100', text: 'Hi', priority: 'high' }],
	['empty recipient fields next to one given', { action: 'send', phone: '+14155550100', chat_id: '', jid: '', text: 'Hi' }],
];

describe('inbound webhook validation (spec: request fields and 40X answers)', () => {
	const h = useSandbox();

	it.each(refused)('refuses %s', async (_case, body, status, message) => {
		const answer =
			typeof body === 'string' ? await request('POST', h.sandbox.inboundUrl, body, { 'content-type': 'application/json' }) : await postInbound(h.sandbox, body);
		expect(answer.status).toBe(status);
		expect(answer.body).toEqual({ status, data: {}, message: expect.stringMatching(message) });
		expect((await h.control.state()).messages).toHaveLength(0);
	});

	it.each(accepted)('accepts %s with a wa_backend message id', async (_case, body) => {
		const answer = await postInbound(h.sandbox, body);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'success', data: { message_id: expect.stringMatching(/^wa_backend:[0-9A-F]{20}$/) } });
		const [message] = (await h.control.state()).messages;
		expect(message.messageId).toBe(answer.body.data.message_id);
		expect(message.text).toBe(body.text);
	});

	it('refuses GET with 405', async () => {
		const answer = await request('GET', h.sandbox.inboundUrl);
		expect(answer.status).toBe(405);
		expect(answer.body.message).toMatch(/Use POST/);
	});
});

describe('inbound webhook sender account ("whatsapp account phone")', () => {
	const h = useSandbox();

	const cases: Array<[string, Record<string, unknown>, string]> = [
		['omitted: the most recently connected account sends', { phone: '+14155550100' }, '14155550123@s.whatsapp.net'],
		['given: that account sends', { phone: '+14155550100', 'whatsapp account phone': '+15105566777' }, '15105566777@s.whatsapp.net'],
		['ignored with chat_id: the chat\'s account sends', { chat_id: '20451188', 'whatsapp account phone': '+14155550123' }, '15105566777@s.whatsapp.net'],
		// The public API's spelling is not this key: it is ignored like any unknown field, so the default account sends.
		['"whatsapp_account_phone" (underscores) is not the key: the default account sends', { phone: '+14155550100', whatsapp_account_phone: '+15105566777' }, '14155550123@s.whatsapp.net'],
	];

	it.each(cases)('%s', async (_case, fields, accountId) => {
		expect((await postInbound(h.sandbox, { action: 'send', text: 'Hi', ...fields })).status).toBe(200);
		expect((await h.control.state()).messages[0].accountId).toBe(accountId);
	});

	it('refuses a disconnected sender account', async () => {
		await h.control.setAccountStatus('+15105566777', 'disconnected');
		const answer = await postInbound(h.sandbox, { action: 'send', text: 'Hi', phone: '+14155550100', 'whatsapp account phone': '+15105566777' });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toBe('The WhatsApp account +15105566777 is disconnected');
	});

	it('uses the newly connected account as default sender once it reconnects', async () => {
		await h.control.setAccountStatus('+15105566777', 'active');
		await postInbound(h.sandbox, { action: 'send', text: 'Hi', phone: '+14155550100' });
		expect((await h.control.state()).messages[0].accountId).toBe('15105566777@s.whatsapp.net');
	});
});
