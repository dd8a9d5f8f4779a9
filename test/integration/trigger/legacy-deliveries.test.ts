import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AGGREGATION_PERIODS_HOURS } from '../../sandbox/state';
import { useTriggerEnvironment } from './setup';

/** The workspace "Outbound" integration (manual setup): single messages and 1/6/12/24 h bundles. */

const env = useTriggerEnvironment();

const RAVI = 20451188;
const PRIYA = 20451240;
const HOUR_MS = 3_600_000;

/** A manual-setup trigger whose URL (with the user's secret) is pasted into the Outbound integration. */
async function outboundTrigger(aggregationHours: number, options: INodeParameters = {}, filters: INodeParameters = {}) {
	const trigger = await env.trigger({ setup: 'manual', manualSecret: 'pasted-secret-1', options, ...filters });
	await env.control.configureOutbound({ url: `${trigger.url(false)}?secret=pasted-secret-1`, enabled: true, aggregationHours });
	return trigger;
}

const items = (runs: INodeExecutionData[][]) => runs.flat().map((item) => item.json);

describe('single messages ("Don\'t aggregate")', () => {
	it('each message becomes an item as it happens', async () => {
		await outboundTrigger(0);
		const first = await env.control.simulateIncoming({ chatId: RAVI, text: 'Hi, is the sofa available?' });
		await env.control.simulateIncoming({ chatId: RAVI, direction: 'sent', text: 'Yes!' });
		await env.idle();
		expect((await env.control.state()).outbound.activity.map((delivery) => delivery.status)).toEqual([200, 200]);
		expect(env.server.runs).toHaveLength(2);
		expect(items(env.server.runs)).toEqual([
			expect.objectContaining({
				event: 'message:received:new',
				source: 'outbound_integration',
				direction: 'received',
				text: 'Hi, is the sofa available?',
				message_uid: first.message_uid,
				chat: expect.objectContaining({ id: String(RAVI), is_new: false, is_group: false }),
				account: expect.objectContaining({ phone: '+15105566777', owner_name: 'Maya Ortiz' }),
				bundle: null,
			}),
			expect.objectContaining({ event: 'message:sent:new', direction: 'sent', text: 'Yes!' }),
		]);
	});

	it('"Sent Only" lets only sent messages through (Direction is asked for manual setup)', async () => {
		await outboundTrigger(0, {}, { direction: 'sent' });
		await env.control.simulateIncoming({ chatId: RAVI, text: 'Hi, is the sofa available?' });
		await env.control.simulateIncoming({ chatId: RAVI, direction: 'sent', text: 'Yes!' });
		await env.idle();
		expect((await env.control.state()).outbound.activity.map((delivery) => delivery.status)).toEqual([200, 200]);
		expect(items(env.server.runs).map((item) => [item.direction, item.text])).toEqual([['sent', 'Yes!']]);
	});

	it('the original delivery is included only on request', async () => {
		await outboundTrigger(0, { includeRaw: true });
		await env.control.simulateIncoming({ chatId: RAVI, text: 'raw please' });
		await env.idle();
		const [delivery] = (await env.control.state()).outbound.activity;
		expect(items(env.server.runs)[0].raw).toEqual(delivery.request);
	});

	it('without the pasted secret, the Outbound integration gets 401 and nothing runs', async () => {
		const trigger = await outboundTrigger(0);
		await env.control.configureOutbound({ url: trigger.url(false) });
		await env.control.simulateIncoming({ chatId: RAVI, text: 'no secret' });
		await env.idle();
		expect((await env.control.state()).outbound.activity.map((delivery) => delivery.status)).toEqual([401]);
		expect(env.server.runs).toEqual([]);
	});
});

describe.each(AGGREGATION_PERIODS_HOURS)('bundles every %i h (fake clock)', (hours) => {
	async function deliverBundles(options: INodeParameters = {}) {
		await env.control.setClock({ set: '2026-03-02T00:00:00.000Z', frozen: true });
		await outboundTrigger(hours, options);
		await env.control.simulateIncoming({ chatId: RAVI, text: 'Hi, is the 3-seat sofa still available?' });
		await env.control.advanceClock(60_000);
		await env.control.simulateIncoming({ chatId: RAVI, direction: 'sent', text: 'Yes! Here is the spec sheet.', attachment: { filename: 'sofa-spec.pdf', mimetype: 'application/pdf', size: 2048 } });
		await env.control.advanceClock(60_000);
		await env.control.simulateIncoming({ chatId: PRIYA, text: 'Where is my order? 📦' });
		await env.control.simulateIncoming({ chatId: RAVI, text: "Great, I'll take it 👍" });
		await env.idle();
		expect(env.server.records).toEqual([]); // nothing before the period ends
		await env.control.advanceClock(hours * HOUR_MS);
		await env.idle();
		const { outbound } = await env.control.state();
		expect(outbound.activity.map((delivery) => [delivery.kind, delivery.status])).toEqual([
			['bundle', 200],
			['bundle', 200],
		]);
	}

	it('split: one item per message, each with its chat, account and place in the bundle', async () => {
		await deliverBundles();
		expect(env.server.runs.map((run) => run.length).sort()).toEqual([1, 3]);
		const ravi = items(env.server.runs).filter((item) => (item.chat as { id: string }).id === String(RAVI));
		expect(ravi.map((item) => [item.direction, item.text, (item.bundle as { index: number }).index])).toEqual([
			['received', 'Hi, is the 3-seat sofa still available?', 0],
			['sent', 'Yes! Here is the spec sheet.', 1],
			['received', "Great, I'll take it 👍", 2],
		]);
		expect(ravi[0].bundle).toEqual({
			index: 0,
			count: 3,
			first_message_timestamp: '2026-03-02T00:00:00.000Z',
			last_message_timestamp: ravi[2].timestamp,
		});
		expect(ravi[1].attachments).toEqual([
			expect.objectContaining({ filename: 'sofa-spec.pdf', mimetype: 'application/pdf', size: 2048, binary_property: null }),
		]);
		expect(new Set(ravi.map((item) => item.message_uid)).size).toBe(3);
	});

	it('keep: one item per bundle with the aggregation HTML, for a CRM note', async () => {
		await deliverBundles({ bundles: 'keep' });
		const bundles = items(env.server.runs);
		expect(bundles).toHaveLength(2);
		const ravi = bundles.find((item) => (item.chat as { id: string }).id === String(RAVI))!;
		expect(ravi).toMatchObject({
			event: 'message:bundle',
			source: 'outbound_integration',
			first_message_timestamp: '2026-03-02T00:00:00.000Z',
			aggregation_html: expect.stringContaining('to open the conversation in TimelinesAI'),
		});
		expect((ravi.messages as Array<{ text: string }>).map((message) => message.text)).toEqual([
			'Hi, is the 3-seat sofa still available?',
			'Yes! Here is the spec sheet.',
			"Great, I'll take it 👍",
		]);
	});

	// Manual setup has no credential to say where a sandbox is, so only TimelinesAI's https file links are
	// fetched (attachments.test.ts downloads through an automatic setup, whose credential names the sandbox).
	it('attachments: the sandbox\'s loopback link is not fetched by a manual setup; the item keeps it and says why', async () => {
		await deliverBundles({ downloadAttachments: true });
		const run = env.server.runs.find((items) => items.some((item) => (item.json.attachments as unknown[]).length > 0))!;
		const withFile = run.find((item) => (item.json.attachments as unknown[]).length > 0)!;
		expect(withFile.json.attachments).toEqual([
			expect.objectContaining({
				filename: 'sofa-spec.pdf',
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/tmp\//),
				binary_property: null,
				download_error: expect.stringMatching(/^not downloaded: only TimelinesAI's own file links/),
			}),
		]);
		expect(run.filter((item) => item.binary)).toHaveLength(0);
		expect(run).toHaveLength(3);
	});
});
