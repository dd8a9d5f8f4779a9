import { readFileSync } from 'node:fs';
import path from 'node:path';

import { api, useReceiver, useSandbox } from './helpers';

/**
 * The spec's example payloads, produced by the sandbox's own outbound deliveries.
 * The workspace is seeded with the fixtures' people and chats and the clock set to their times;
 * only ids the sandbox generates (message uids, download links) are compared by shape.
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures/spec');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
const DOWNLOAD_URL = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/tmp\/[0-9a-f]+\//);

describe('spec fixtures reproduced by the sandbox\'s own deliveries', () => {
	const h = useSandbox();
	const receiver = useReceiver();

	it('outbound-bundle.json: a 1-hour bundle of Ravi Kumar\'s chat', async () => {
		const expected = fixture('outbound-bundle.json');
		await h.control.configureOutbound({ url: receiver.url, enabled: true, aggregationHours: 1 });
		const at = (time: string) => h.control.setClock({ set: `2026-03-02T${time}Z`, frozen: true });
		await at('09:14:03');
		await h.control.simulateIncoming({ chatId: 20451188, text: expected.messages[0].text });
		await at('09:20:41');
		await h.control.simulateIncoming({
			chatId: 20451188,
			direction: 'sent',
			text: expected.messages[1].text,
			attachment: { filename: 'sofa-spec.pdf', mimetype: 'application/pdf', size: 482113 },
		});
		await at('09:31:10');
		await h.control.simulateIncoming({ chatId: 20451188, text: expected.messages[2].text });
		await h.control.waitForIdle();
		expect(receiver.received).toHaveLength(0);
		await at('10:00:00');
		await h.control.waitForIdle();

		for (const message of expected.messages) message.message_uid = UUID;
		expected.messages[1].attachment.temporary_download_url = DOWNLOAD_URL;
		expect(receiver.bodies()).toEqual([expected]);
	});

	it('outbound-single.json: a file received in a new group, "Don\'t aggregate"', async () => {
		const expected = fixture('outbound-single.json');
		await h.control.upsertChat({
			id: 20451377,
			name: 'Store pickup team',
			isGroup: true,
			jid: '120363012345678901@g.us',
			accountPhone: '+15105566777',
			members: ['Lena Fischer'],
			isNew: true,
		});
		await h.control.configureOutbound({ url: receiver.url, enabled: true, aggregationHours: 0 });
		await h.control.setClock({ set: '2026-03-02T11:02:55Z', frozen: true });
		await h.control.simulateIncoming({ chatId: 20451377, author: 'Lena Fischer', text: '', attachment: { filename: 'receipt.jpg', mimetype: 'image/jpeg', size: 91544 } });
		await h.control.waitForIdle();

		expected.message.message_id = UUID;
		expected.message.attachment.temporary_download_url = DOWNLOAD_URL;
		expect(receiver.bodies()).toEqual([expected]);
	});

	it('v2-message-received.json: message:received:new in a +05:30 workspace', async () => {
		const expected = fixture('v2-message-received.json');
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'message:received:new', url: receiver.url });
		await h.control.configure({ timezoneOffsetMinutes: 330 });
		await h.control.setClock({ set: '2026-03-02T09:05:18Z', frozen: true });
		await h.control.simulateIncoming({ chatId: 20451188, text: expected.message.text });
		await h.control.waitForIdle();

		expected.message.message_uid = UUID;
		expect(receiver.bodies()).toEqual([expected]);
	});

	it('v2-chat-new.json: chat:incoming:new for the first message from an unknown number (fully deterministic)', async () => {
		const expected = fixture('v2-chat-new.json');
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'chat:incoming:new', url: receiver.url });
		await h.control.setClock({ set: '2026-03-02T15:01:07Z', frozen: true });
		await h.control.simulateIncoming({ phone: '+351912345678', name: 'Tomás Silva', accountPhone: '+15105566777', text: 'Olá!' });
		await h.control.waitForIdle();

		expect(receiver.bodies()).toEqual([expected]);
	});
});
