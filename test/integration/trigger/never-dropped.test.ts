import type { IDataObject, INodeParameters } from 'n8n-workflow';

import bundleFixture from '../../fixtures/spec/outbound-bundle.json';
import { groupBundle } from '../../fixtures/spec';
import { withSecret } from '../../../nodes/TimelinesAi/trigger/secret';
import { useTriggerEnvironment } from './setup';

/**
 * A real message is never dropped: messages nothing but their sender tells apart, bundles larger than the
 * remembered window, unexpected failures. Deliveries are posted to a manual-setup trigger as TimelinesAI's
 * Outbound integration posts them; what counts is the items the runs received.
 */

const env = useTriggerEnvironment();

const SECRET = 'pasted-secret-from-the-user';


async function manualTrigger(parameters: INodeParameters = {}) {
	const trigger = await env.trigger({ setup: 'manual', manualSecret: SECRET, ...parameters });
	return { trigger, url: withSecret(trigger.url(false), SECRET) };
}

async function post(url: string, delivery: unknown) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) });
	const answer = (await response.json()) as unknown;
	await env.server.settled();
	return { status: response.status, answer };
}

const runSizes = () => env.server.runs.map((run) => run.length);

describe('messages told apart only by their sender', () => {
	it('two group members writing "ok" in the same second: 2 items; the same bundle again: 0 items', async () => {
		const { url } = await manualTrigger();
		const bundle = groupBundle([
			{ sender: 'Ravi Kumar', text: 'ok' },
			{ sender: 'Ana Lima', text: 'ok' },
		]);
		expect(await post(url, bundle)).toEqual({ status: 200, answer: { status: 'ok', items: 2, filtered: 0, repeated: 0 } });
		expect(await post(url, bundle)).toEqual({ status: 200, answer: { status: 'ok', items: 0, filtered: 0, repeated: 2 } });
		expect(runSizes()).toEqual([2]);
		expect(env.server.runs[0].map((item) => (item.json.sender as { name: string }).name)).toEqual(['Ravi Kumar', 'Ana Lima']);
	});

	it('one member writing "ok" twice in a second: 2 items, and none again when the next bundle repeats them after a new message', async () => {
		const { url } = await manualTrigger();
		const twice = [
			{ sender: 'Ravi Kumar', text: 'ok' },
			{ sender: 'Ravi Kumar', text: 'ok' },
		];
		await post(url, groupBundle(twice));
		await post(url, groupBundle([{ sender: 'Ana Lima', text: 'see you' }, ...twice]));
		expect(runSizes()).toEqual([2, 1]);
		expect(env.server.runs[1][0].json.text).toBe('see you');
	});

	it('the same messages after an n8n restart: still 0 items', async () => {
		const { trigger, url } = await manualTrigger();
		const bundle = groupBundle([
			{ sender: 'Ravi Kumar', text: 'ok' },
			{ sender: 'Ana Lima', text: 'ok' },
		]);
		await post(url, bundle);
		env.server.serve(await trigger.restarted());
		await post(url, bundle);
		expect(runSizes()).toEqual([2]);
	});
});

describe('a bundle larger than the remembered window', () => {
	it('30 messages with a window of 10: 30 items, then 0 when the bundle comes again', async () => {
		const { trigger, url } = await manualTrigger({ options: { dedupWindow: 10 } });
		const bundle = groupBundle(Array.from({ length: 30 }, (_, index) => ({ sender: `Member ${index}`, text: 'ok' })));
		await post(url, bundle);
		expect((trigger.nodeStaticData().seenMessages as string[]).length).toBe(30);
		await post(url, bundle);
		expect(runSizes()).toEqual([30]);
	});
});

describe('static data', () => {
	const changed = (staticData: IDataObject) => staticData.__dataChanged === true;

	it('is marked changed (n8n then saves it) for new messages only, not for repeats or filtered deliveries', async () => {
		const { trigger, url } = await manualTrigger({ chatKind: 'direct' });
		const staticData = trigger.workflow.staticData;
		const direct = structuredClone(bundleFixture);
		await post(url, direct);
		expect(changed(staticData)).toBe(true);

		staticData.__dataChanged = false;
		await post(url, direct);
		await post(url, groupBundle([{ sender: 'Ravi Kumar', text: 'filtered: a group' }]));
		expect(changed(staticData)).toBe(false);
		expect(runSizes()).toEqual([3]);
	});
});

describe('an unexpected failure', () => {
	// An option whose expression fails when the delivery is read: nothing the node could check in advance.
	const broken = { options: { downloadAttachments: true, binaryPrefix: '={{ $("No such node").item.json.x }}' } };

	it('still starts an execution, with one item holding the error and the delivery', async () => {
		const { url } = await manualTrigger(broken);
		const single = groupBundle([{ sender: 'Ravi Kumar', text: 'hello' }]);
		const { status, answer } = await post(url, single);
		expect(status).toBe(200);
		expect(answer).toEqual({ status: 'ok', items: 1, error: 'the delivery could not be processed' });
		expect(runSizes()).toEqual([1]);
		const [[item]] = env.server.runs;
		expect(item.json).toEqual({
			event: 'delivery:failed',
			error: expect.stringMatching(/^The TimelinesAI Trigger could not process this delivery: .+/),
			received_at: expect.any(String),
			raw: single,
		});
		expect(JSON.stringify(item.json)).not.toContain(SECRET);
	});

	it('starts nothing for a caller without the secret', async () => {
		const { trigger } = await manualTrigger(broken);
		const { status } = await post(trigger.url(false), groupBundle([{ sender: 'Ravi Kumar', text: 'hello' }]));
		expect(status).toBe(401);
		expect(runSizes()).toEqual([]);
	});
});

describe('manual setup without a URL Secret', () => {
	it('is not an open endpoint: every delivery is refused and starts nothing', async () => {
		const trigger = await env.trigger({ setup: 'manual' });
		const delivery = groupBundle([{ sender: 'Ravi Kumar', text: 'hello' }]);
		expect((await post(trigger.url(false), delivery)).status).toBe(401);
		expect((await post(`${trigger.url(false)}?secret=`, delivery)).status).toBe(401);
		expect(runSizes()).toEqual([]);
	});
});
