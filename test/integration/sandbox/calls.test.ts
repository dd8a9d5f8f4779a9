import { SEEDED_ACCOUNTS, SEEDED_CHATS } from '../../sandbox/workspace';
import { v2CallEventSchema } from '../../sandbox/spec-schemas';
import { api, useReceiver, useSandbox } from './helpers';

/** Call events (outbound-webhook.md §2 lists them; the shape is TimelinesAI's documented example): fired once a call ends. */

describe('v2 webhooks: calls', () => {
	const h = useSandbox();
	const receiver = useReceiver();
	const [ravi] = SEEDED_CHATS;

	it('delivers a missed incoming call to the call:incoming:missed webhooks only, with the chat to answer in', async () => {
		for (const type of ['call:incoming:missed', 'call:incoming:ended', 'message:new']) {
			await api(h.sandbox, 'POST', '/webhooks', { event_type: type, url: `${receiver.url}/${type}`, enabled: true });
		}
		const simulated = await h.control.simulateCall({ chatId: ravi.id });
		await h.control.waitForIdle();

		expect(receiver.received.map((entry) => entry.path)).toEqual(['/call:incoming:missed']);
		const [{ body }] = receiver.received;
		expect(v2CallEventSchema.strict().safeParse(body).success).toBe(true);
		const account = SEEDED_ACCOUNTS.find((candidate) => candidate.id === ravi.accountId);
		expect(body).toMatchObject({
			event_type: 'call:incoming:missed',
			chat: { chat_id: ravi.id, chat_type: 'direct', phone: ravi.phone, full_name: ravi.name },
			whatsapp_account: { whatsapp_account_wid: ravi.accountId, phone: account?.phone },
			call_details: { direction: 'incoming', status: 'Missed', message_uid: simulated.call_uid, caller: { phone: ravi.phone }, duration: 0 },
		});
	});

	it('reports an ended outgoing call as the account calling the contact', async () => {
		await api(h.sandbox, 'POST', '/webhooks', { event_type: 'call:outgoing:ended', url: receiver.url, enabled: true });
		await h.control.simulateCall({ chatId: ravi.id, event: 'call:outgoing:ended', durationSeconds: 95 });
		await h.control.waitForIdle();

		expect(receiver.received[0].body.call_details).toMatchObject({ direction: 'outgoing', status: 'Ended', recipient: { phone: ravi.phone }, duration: 95 });
	});

	it('refuses a call in a chat it does not have', async () => {
		await expect(h.control.simulateCall({ chatId: 1 })).rejects.toThrow('No chat 1');
	});
});
