import { activate, deactivate, listenForTestEvent, stopListening } from '../../harness/hook-lifecycle';
import { useTriggerEnvironment } from './setup';

const env = useTriggerEnvironment();

const webhooks = async () => (await env.control.state()).webhooks;

describe('automatic registration', () => {
	it('registers one webhook per chosen event, at the production URL with a secret, and removes exactly those', async () => {
		const foreign = await env.control.state(); // nothing registered by anyone yet
		expect(foreign.webhooks).toEqual([]);
		const trigger = await env.trigger({ events: ['message:received:new', 'chat:new'] });
		expect(await activate(trigger)).toEqual({ existed: false });

		const registered = await webhooks();
		expect(registered.map((webhook) => webhook.event_type).sort()).toEqual(['chat:new', 'message:received:new']);
		const production = trigger.url(false);
		for (const webhook of registered) {
			const url = new URL(webhook.url);
			expect(`${url.origin}${url.pathname}`).toBe(production);
			expect(url.searchParams.get('secret')).toMatch(/^[A-Za-z0-9_-]{32}$/);
			expect(webhook.enabled).toBe(true);
		}

		await deactivate(trigger);
		expect(await webhooks()).toEqual([]);
	});

	it('adopts its own registrations on a second activation instead of duplicating them', async () => {
		const trigger = await env.trigger({ events: ['message:received:new'] });
		await activate(trigger);
		const before = await webhooks();
		expect(await activate(trigger)).toEqual({ existed: true });
		expect(await webhooks()).toEqual(before);
	});

	it('in an older workspace that lists chat events under their former names, still adopts and removes its own', async () => {
		await env.control.useChatEventNames('former');
		const trigger = await env.trigger({ events: ['chat:new', 'chat:responsible:assigned'] });
		await activate(trigger);
		const before = await webhooks();
		expect(before.map((webhook) => webhook.event_type).sort()).toEqual(['chat:new', 'chat:responsible:assigned']);
		expect(await activate(trigger)).toEqual({ existed: true });
		expect(await webhooks()).toEqual(before);
		await deactivate(trigger);
		expect(await webhooks()).toEqual([]);
	});

	it('after losing its static data, reuses the secret of its registration at the same URL', async () => {
		const trigger = await env.trigger({ events: ['message:received:new'] });
		await activate(trigger);
		const before = await webhooks();
		const amnesiac = await env.trigger({ events: ['message:received:new'] }, { webhookId: trigger.node.webhookId });
		expect(await activate(amnesiac)).toEqual({ existed: true });
		expect(await webhooks()).toEqual(before);
		expect(amnesiac.nodeStaticData().secret).toBe(new URL(before[0].url).searchParams.get('secret'));
	});

	it('follows a change of events: registers the new one, removes the dropped one', async () => {
		const trigger = await env.trigger({ events: ['message:received:new', 'message:sent:new'] });
		await activate(trigger);
		trigger.node.parameters.events = ['message:new'];
		await activate(trigger);
		expect((await webhooks()).map((webhook) => webhook.event_type)).toEqual(['message:new']);
	});

	it('leaves webhooks of other receivers alone', async () => {
		const trigger = await env.trigger({ events: ['message:received:new'] });
		await activate(trigger);
		const other = await env.trigger({ events: ['message:received:new'] });
		await activate(other);
		await deactivate(trigger);
		const left = await webhooks();
		expect(left).toHaveLength(1);
		expect(left[0].url.startsWith(other.url(false))).toBe(true);
	});

	it('test URL and production URL are registered and removed independently, leaving no orphans', async () => {
		const trigger = await env.trigger({ events: ['message:received:new'] });
		await activate(trigger);
		await listenForTestEvent(trigger);
		const both = await webhooks();
		expect(both.map((webhook) => new URL(webhook.url).pathname.split('/')[1]).sort()).toEqual(['webhook', 'webhook-test']);
		await stopListening(trigger);
		const left = await webhooks();
		expect(left).toHaveLength(1);
		expect(left[0].url.startsWith(trigger.url(false))).toBe(true);
		await deactivate(trigger);
		expect(await webhooks()).toEqual([]);
	});
});

/** Webhooks someone else registered in the workspace, through the public API. */
async function registerForeign(count: number): Promise<void> {
	for (let index = 0; index < count; index++) {
		const response = await fetch(`${env.sandbox.apiBaseUrl}/webhooks`, {
			method: 'POST',
			headers: { authorization: `Bearer ${env.sandbox.apiToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ event_type: 'message:new', url: `https://crm.example/hooks/${index}` }),
		});
		expect(response.status).toBe(200);
	}
}

describe('the 10-webhook limit', () => {
	it('refuses before registering anything, saying how many exist and how to free them', async () => {
		await registerForeign(9);
		const trigger = await env.trigger({ events: ['message:received:new', 'message:sent:new'] });
		const failure = activate(trigger);
		await expect(failure).rejects.toMatchObject({
			message: expect.stringContaining('at most 10 webhooks per workspace: 9 already exist, and this trigger needs 2 more (Message Received, Message Sent)'),
			description: expect.stringContaining('delete webhooks you no longer use'),
		});
		expect(await webhooks()).toHaveLength(9);
	});

	it('fits when its own earlier registrations are reused', async () => {
		await registerForeign(8);
		const trigger = await env.trigger({ events: ['message:received:new', 'message:sent:new'] });
		await activate(trigger);
		trigger.node.parameters.events = ['message:sent:new', 'message:received:new'];
		await expect(activate(trigger)).resolves.toEqual({ existed: true });
		expect(await webhooks()).toHaveLength(10);
	});

	it('two triggers racing for the last slots: each ends with all or none of its webhooks', async () => {
		await registerForeign(8);
		const first = await env.trigger({ events: ['message:received:new', 'message:sent:new'] });
		const second = await env.trigger({ events: ['chat:new', 'chat:incoming:new'] });
		const results = await Promise.allSettled([activate(first), activate(second)]);
		expect(results.filter((result) => result.status === 'fulfilled').length).toBeLessThanOrEqual(1);
		const left = await webhooks();
		for (const trigger of [first, second]) {
			const own = left.filter((webhook) => webhook.url.startsWith(trigger.url(false)));
			expect([0, 2]).toContain(own.length);
		}
		for (const result of results) {
			if (result.status === 'rejected') expect(String(result.reason.message)).toMatch(/10 webhooks|limit/i);
		}
	});
});

describe('manual setup', () => {
	it('registers nothing and removes nothing', async () => {
		await registerForeign(1);
		const trigger = await env.trigger({ setup: 'manual' });
		expect(await activate(trigger)).toEqual({ existed: true });
		await deactivate(trigger);
		expect(await webhooks()).toHaveLength(1);
	});
});
