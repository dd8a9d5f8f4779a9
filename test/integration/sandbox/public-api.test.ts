import { CHATS_PAGE_SIZE } from '../../sandbox/api-routes';
import {
	apiErrorSchema,
	apiOkSchema,
	chatsPageSchema,
	MAX_WEBHOOKS_PER_WORKSPACE,
	messageDetailsSchema,
	statusHistorySchema,
	uploadedFileSchema,
	webhookSchema,
	whatsappAccountsDataSchema,
} from '../../sandbox/spec-schemas';
import { api, postInbound, request, useSandbox } from './helpers';

/** spec/public-api.md: Bearer token, wrapped answers, webhooks, files, accounts, chats, messages. */

describe('public API authentication and error answers', () => {
	const h = useSandbox();

	const tokens: Array<[string, Record<string, string>]> = [
		['no Authorization header', {}],
		['a wrong token', { authorization: 'Bearer wrong' }],
		['the token without "Bearer"', { authorization: 'TOKEN' }],
		['a Basic header', { authorization: 'Basic dXNlcjpwYXNz' }],
	];

	it.each(tokens)('401 "Invalid or expired token" with %s', async (_case, headers) => {
		const answer = await request('GET', `${h.sandbox.apiBaseUrl}/webhooks`, undefined, headers.authorization === 'TOKEN' ? { authorization: h.sandbox.apiToken } : headers);
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({ status: 'error', message: 'Invalid or expired token' });
	});

	it('403 "Access denied" when the token may not use the API', async () => {
		await h.control.configureApi({ accessDenied: true });
		const answer = await api(h.sandbox, 'GET', '/webhooks');
		expect(answer).toMatchObject({ status: 403, body: { status: 'error', message: 'Access denied' } });
	});

	it('429 with Retry-After when rate limited', async () => {
		await h.control.configureApi({ rateLimits: [{ limit: 1, windowMs: 10_000 }] });
		expect((await api(h.sandbox, 'GET', '/webhooks')).status).toBe(200);
		const limited = await api(h.sandbox, 'GET', '/webhooks');
		expect(limited.status).toBe(429);
		expect(apiErrorSchema.parse(limited.body).error_code).toBe('rate_limited');
		expect(limited.headers.get('retry-after')).toBe('10');
	});

	const notFound: Array<[string, string, string]> = [
		['GET', '/webhooks/1', 'Webhook 1 not found'],
		['PUT', '/webhooks/abc', 'Webhook abc not found'],
		['DELETE', '/webhooks/1', 'Webhook 1 not found'],
		['GET', '/files/nope', 'File nope not found'],
		['GET', '/messages/nope', 'Message nope not found'],
		['GET', '/messages/nope/status_history', 'Message nope not found'],
		['POST', '/chats/1/messages', 'Chat 1 not found'],
		['GET', '/no-such-route', 'GET /no-such-route not found'],
	];

	it.each(notFound)('404 with error_code not_found: %s %s', async (method, path, message) => {
		const answer = await api(h.sandbox, method, path, method === 'GET' || method === 'DELETE' ? undefined : { text: 'x' });
		expect(answer).toMatchObject({ status: 404, body: { status: 'error', message, error_code: 'not_found' } });
	});
});

describe('public API /webhooks CRUD and the 10-per-workspace limit', () => {
	const h = useSandbox();

	it('creates, lists, reads, updates partially and deletes', async () => {
		const created = await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:received:new', url: 'http://127.0.0.1:9/hook', enabled: true });
		const webhook = apiOkSchema(webhookSchema).parse(created.body).data;
		expect(webhook).toMatchObject({ event_type: 'message:received:new', url: 'http://127.0.0.1:9/hook', enabled: true, errors_counter: 0 });
		expect(Number.isInteger(webhook.id)).toBe(true);

		expect((await api(h.sandbox, 'GET', '/webhooks')).body).toEqual({ status: 'ok', data: [webhook] });
		expect((await api(h.sandbox, 'GET', `/webhooks/${webhook.id}`)).body).toEqual({ status: 'ok', data: webhook });

		const updated = await api(h.sandbox, 'PUT', `/webhooks/${webhook.id}`, { enabled: false });
		expect(updated.body.data).toEqual({ ...webhook, enabled: false });
		const moved = await api(h.sandbox, 'PUT', `/webhooks/${webhook.id}`, { url: 'http://127.0.0.1:9/other' });
		expect(moved.body.data).toEqual({ ...webhook, enabled: false, url: 'http://127.0.0.1:9/other' });

		expect((await api(h.sandbox, 'DELETE', `/webhooks/${webhook.id}`)).status).toBe(200);
		expect((await api(h.sandbox, 'GET', '/webhooks')).body.data).toEqual([]);
	});

	it('defaults enabled to true and ignores unknown fields (an id, extra keys)', async () => {
		const created = await api(h.sandbox, 'POST', '/webhooks', { id: 5, event_type: 'chat:new', url: 'http://127.0.0.1:9/x', secret: 'y' });
		expect(created.status).toBe(200);
		expect(created.body.data).toEqual({ id: expect.any(Number), event_type: 'chat:new', url: 'http://127.0.0.1:9/x', enabled: true, errors_counter: 0 });
		expect(created.body.data.id).not.toBe(5);
	});

	it('accepts pretty-printed JSON', async () => {
		const body = JSON.stringify({ event_type: 'chat:new', url: 'http://127.0.0.1:9/x' }, null, 4);
		const answer = await request('POST', `${h.sandbox.apiBaseUrl}/webhooks`, body, { authorization: `Bearer ${h.sandbox.apiToken}`, 'content-type': 'application/json' });
		expect(answer.status).toBe(200);
	});

	const invalid: Array<[string, unknown, RegExp]> = [
		['unknown event type', { event_type: 'message:deleted', url: 'http://127.0.0.1:9/x' }, /event_type/],
		['missing url', { event_type: 'chat:new' }, /url: Required/],
		['url that is not a URL', { event_type: 'chat:new', url: 'not a url' }, /url: Invalid url/],
		['enabled as a string', { event_type: 'chat:new', url: 'http://127.0.0.1:9/x', enabled: 'yes' }, /enabled/],
		['a JSON array', [], /must be a JSON object/],
	];

	it.each(invalid)('400 for %s', async (_case, body, message) => {
		const answer = await api(h.sandbox, 'POST', '/webhooks', body);
		expect(answer.status).toBe(400);
		expect(apiErrorSchema.parse(answer.body).message).toMatch(message);
	});

	it('POST is idempotent on event type and URL: an active match is returned, a disabled one re-enabled, a deleted one restored', async () => {
		const body = { event_type: 'message:received:new', url: 'http://127.0.0.1:9/hook' };
		const first = (await api(h.sandbox, 'POST', '/webhooks', body)).body.data;
		expect((await api(h.sandbox, 'POST', '/webhooks', body)).body).toEqual({ status: 'ok', data: first });

		await api(h.sandbox, 'PUT', `/webhooks/${first.id}`, { enabled: false });
		expect((await api(h.sandbox, 'POST', '/webhooks', body)).body.data).toEqual({ ...first, enabled: true });

		await api(h.sandbox, 'DELETE', `/webhooks/${first.id}`);
		expect((await api(h.sandbox, 'POST', '/webhooks', body)).body.data).toEqual(first);
		expect((await api(h.sandbox, 'GET', '/webhooks')).body.data).toEqual([first]);

		// Another URL or another event type is another webhook.
		const other = await api(h.sandbox, 'POST', '/webhooks', { ...body, event_type: 'message:new' });
		expect(other.body.data.id).not.toBe(first.id);
		expect((await api(h.sandbox, 'GET', '/webhooks')).body.data).toHaveLength(2);
	});

	it('a former chat event name matches the webhook registered under the current one', async () => {
		const first = (await api(h.sandbox, 'POST', '/webhooks', { event_type: 'chat:new', url: 'http://127.0.0.1:9/chats' })).body.data;
		const again = await api(h.sandbox, 'POST', '/webhooks', { event_type: 'chat:created', url: 'http://127.0.0.1:9/chats' });
		expect(again.body.data.id).toBe(first.id);
		expect((await api(h.sandbox, 'GET', '/webhooks')).body.data).toHaveLength(1);
	});

	it('refuses the 11th webhook with a message that says how many exist and how to free one', async () => {
		for (let i = 0; i < MAX_WEBHOOKS_PER_WORKSPACE; i++) {
			expect((await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: `http://127.0.0.1:9/${i}` })).status).toBe(200);
		}
		const refused = await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: 'http://127.0.0.1:9/11' });
		expect(refused.status).toBe(400);
		expect(refused.body).toEqual({
			status: 'error',
			message: 'Webhooks limit reached: this workspace already has 10 webhooks, the most allowed is 10. Delete one (DELETE /webhooks/{id}) before adding another.',
			error_code: 'webhooks_limit_reached',
		});
		// At the limit, a retried create of an existing webhook still answers it.
		expect((await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: 'http://127.0.0.1:9/0' })).status).toBe(200);
		const [first] = (await api(h.sandbox, 'GET', '/webhooks')).body.data;
		await api(h.sandbox, 'DELETE', `/webhooks/${first.id}`);
		expect((await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:new', url: 'http://127.0.0.1:9/11' })).status).toBe(200);
	});
});

describe('public API files: /files_upload (multipart), /files (from a URL), read and delete', () => {
	const h = useSandbox();

	const upload = (form: FormData) =>
		fetch(`${h.sandbox.apiBaseUrl}/files_upload`, { method: 'POST', headers: { authorization: `Bearer ${h.sandbox.apiToken}` }, body: form });

	it('stores an uploaded file and serves it at its temporary_download_url', async () => {
		const form = new FormData();
		form.append('file', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'application/pdf' }), 'from-blob.pdf');
		form.append('filename', 'invoice-1042.pdf');
		const res = await upload(form);
		expect(res.status).toBe(200);
		const file = apiOkSchema(uploadedFileSchema).parse(await res.json()).data;
		expect(file).toMatchObject({ filename: 'invoice-1042.pdf', size: 14, mimetype: 'application/pdf', uploaded_by_email: 'jon@northwind.example' });
		const download = await fetch(file.temporary_download_url);
		expect(await download.text()).toBe('%PDF-1.4 hello');
		expect(download.headers.get('content-type')).toBe('application/pdf');
	});

	it('takes content_type from the form when given', async () => {
		const form = new FormData();
		form.append('file', new Blob(['a,b']), 'data.csv');
		form.append('content_type', 'text/csv');
		const file = ((await (await upload(form)).json()) as { data: { temporary_download_url: string } }).data;
		expect(file).toMatchObject({ filename: 'data.csv', mimetype: 'text/csv', size: 3 });
	});

	it('400 without a file field, and for a non-multipart body', async () => {
		const form = new FormData();
		form.append('filename', 'x.pdf');
		const missing = await upload(form);
		expect(missing.status).toBe(400);
		expect(((await missing.json()) as { message: string }).message).toMatch(/file is required/);
		const json = await api(h.sandbox, 'POST', '/files_upload', { file: 'x' });
		expect(json.status).toBe(400);
		expect(json.body.message).toMatch(/multipart\/form-data/);
	});

	it('POST /files fetches a loopback URL; GET and DELETE /files/{uid}', async () => {
		const url = h.control.testFileUrl('photo.jpg', { size: 2048, contentType: 'image/jpeg' });
		const created = await api(h.sandbox, 'POST', '/files', { download_url: url });
		expect(created.body.data).toMatchObject({ filename: 'photo.jpg', size: 2048, mimetype: 'image/jpeg' });
		const uid = created.body.data.uid;
		expect((await api(h.sandbox, 'GET', `/files/${uid}`)).body.data.uid).toBe(uid);
		expect((await api(h.sandbox, 'DELETE', `/files/${uid}`)).status).toBe(200);
		expect((await api(h.sandbox, 'GET', `/files/${uid}`)).status).toBe(404);
	});

	it('POST /files refuses URLs beyond loopback', async () => {
		const answer = await api(h.sandbox, 'POST', '/files', { download_url: 'https://example.com/a.pdf' });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toMatch(/only 127\.0\.0\.1 or localhost/);
	});

	it('an uploaded file can be sent through the inbound webhook by its temporary URL', async () => {
		const form = new FormData();
		form.append('file', new Blob([Buffer.alloc(300, 1)], { type: 'image/png' }), 'chart.png');
		const file = ((await (await upload(form)).json()) as { data: { temporary_download_url: string } }).data;
		await postInbound(h.sandbox, { action: 'send', chat_id: 20451188, text: '', file_url: file.temporary_download_url, file_name: 'chart.png' });
		await h.control.waitForIdle();
		expect((await h.control.state()).messages[0]).toMatchObject({ status: 'Delivered' });
	});
});

describe('public API accounts, chats and messages', () => {
	const h = useSandbox();

	it('GET /whatsapp_accounts lists both seeded accounts', async () => {
		const data = apiOkSchema(whatsappAccountsDataSchema).parse((await api(h.sandbox, 'GET', '/whatsapp_accounts')).body).data;
		expect(data.whatsapp_accounts.map((account) => account.phone)).toEqual(['+15105566777', '+14155550123']);
	});

	const chatQueries: Array<[string, string, string[]]> = [
		['all chats', '', ['Ravi Kumar', 'Store pickup team', 'Priya Nair', 'Weekend crew']],
		['by part of a name, any case', '?name=ravi', ['Ravi Kumar']],
		['no match', '?name=zzz', []],
		['by a comma list of parts, any of which may match', '?name=ravi,%20CREW', ['Ravi Kumar', 'Weekend crew']],
		['a part with a space matches as a whole', '?name=ravi%20kumar', ['Ravi Kumar']],
		['a part with a space that no name holds', '?name=kumar%20ravi', []],
		['a page past the end', '?page=2', []],
	];

	it.each(chatQueries)('GET /chats: %s', async (_case, query, names) => {
		const data = chatsPageSchema.parse((await api(h.sandbox, 'GET', `/chats${query}`)).body.data);
		expect(data.chats.map((chat) => chat.name)).toEqual(names);
		expect(data.has_more_pages).toBe(false);
	});

	it('GET /chats pages: 50 chats a page, has_more_pages until the last, the name filter applied before paging', async () => {
		for (let n = 1; n <= CHATS_PAGE_SIZE + 5; n++) await h.control.upsertChat({ name: `Lead ${n}`, phone: `+1415556${1000 + n}`, isNew: false });
		const page = async (query: string) => chatsPageSchema.parse((await api(h.sandbox, 'GET', `/chats${query}`)).body.data);
		const first = await page('?name=lead&page=1');
		expect([first.chats.length, first.has_more_pages]).toEqual([CHATS_PAGE_SIZE, true]);
		const second = await page('?name=LEAD&page=2');
		expect([second.chats.map((chat) => chat.name), second.has_more_pages]).toEqual([['Lead 51', 'Lead 52', 'Lead 53', 'Lead 54', 'Lead 55'], false]);
		expect((await page('?page=2')).chats).toHaveLength(9);
	});

	it('GET /messages/{uid} and its status_history, by uid or by the inbound message_id', async () => {
		const { message_id } = (await postInbound(h.sandbox, { action: 'send', chat_id: '20451188', text: 'Hi' })).body.data;
		await h.control.waitForIdle();
		const [message] = (await h.control.state()).messages;
		for (const id of [message.uid, message_id]) {
			const details = messageDetailsSchema.parse((await api(h.sandbox, 'GET', `/messages/${id}`)).body.data);
			expect(details).toMatchObject({ message_uid: message.uid, status: 'Delivered', chat_id: 20451188, text: 'Hi', direction: 'sent', error: null });
		}
		await h.control.setMessageStatus(message.uid, 'Read');
		const history = statusHistorySchema.parse((await api(h.sandbox, 'GET', `/messages/${message.uid}/status_history`)).body.data);
		expect(history.map((entry) => entry.status)).toEqual(['Pending', 'Sent', 'Delivered', 'Read']);
	});

	it('a failed message shows status Failed and why', async () => {
		await postInbound(h.sandbox, { action: 'send', phone: '+12025550100', text: 'Hi' });
		await h.control.waitForIdle();
		const [message] = (await h.control.state()).messages;
		const details = (await api(h.sandbox, 'GET', `/messages/${message.uid}`)).body.data;
		expect(details).toMatchObject({ status: 'Failed', error: 'The phone number +12025550100 is not on WhatsApp' });
	});

	it('POST /messages and POST /chats/{id}/messages queue messages like the inbound webhook', async () => {
		const byPhone = await api(h.sandbox, 'POST', '/messages', { phone: '+14155550100', whatsapp_account_phone: '+15105566777', text: 'Hi', chat_id: 1 });
		const byChat = await api(h.sandbox, 'POST', '/chats/20451240/messages', { text: 'Hello Priya', chat_id: 20451240 });
		expect(byPhone.body).toEqual({ status: 'ok', data: { message_uid: expect.any(String) } });
		expect(byChat.status).toBe(200);
		await h.control.waitForIdle();
		const { messages, credits } = await h.control.state();
		expect(messages.map((message) => [message.text, message.status, message.accountId])).toEqual([
			['Hi', 'Delivered', '15105566777@s.whatsapp.net'],
			['Hello Priya', 'Delivered', '14155550123@s.whatsapp.net'],
		]);
		expect(credits.remaining).toBe(998);
	});

	it('POST /messages takes the sending account\'s id where its phone is documented', async () => {
		const answer = await api(h.sandbox, 'POST', '/messages', { phone: '+14155550100', whatsapp_account_phone: '15105566777@s.whatsapp.net', text: 'Hi' });
		expect(answer.status).toBe(200);
		expect((await h.control.state()).messages.map((message) => message.accountId)).toEqual(['15105566777@s.whatsapp.net']);
	});

	it('POST /chats/{id}/messages refuses text over 2000 characters and queues nothing', async () => {
		const answer = await api(h.sandbox, 'POST', '/chats/20451240/messages', { text: 'x'.repeat(2001) });
		expect(answer.status).toBe(400);
		expect(apiErrorSchema.parse(answer.body).message).toBe('text: text is at most 2000 characters');
		expect((await api(h.sandbox, 'POST', '/chats/20451240/messages', { text: 'x'.repeat(2000) })).status).toBe(200);
		expect((await h.control.state()).messages).toHaveLength(1);
	});

	it('POST /messages refuses a missing phone, an unknown file_uid and an empty message', async () => {
		expect((await api(h.sandbox, 'POST', '/messages', { text: 'Hi' })).body.message).toBe('phone is required');
		expect((await api(h.sandbox, 'POST', '/messages', { phone: '+14155550100', file_uid: 'nope' })).status).toBe(404);
		expect((await api(h.sandbox, 'POST', '/messages', { phone: '+14155550100' })).body.message).toBe('text is required unless file_uid is given');
	});
});
