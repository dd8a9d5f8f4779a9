import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { timelinesAiCredentialData } from '../tools/n8n/credential';
import { CREDENTIAL_TYPE, NODE_TYPES } from '../tools/n8n/instance';
import type { Workflow } from '../tools/n8n/rest-client';
import { WorkspaceWebhooks } from '../sandbox';
import { ApiProxy, type ProxyAction } from './support/api-proxy';
import { type TriggerItem, waitForExecution } from './support/executions';
import { waitUntil } from './support/wait-until';
import { triggerWorkflow } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * How the Trigger registers its webhooks in TimelinesAI when n8n (de)activates it, listens for a test event or
 * publishes a changed version: adoption, the 10-webhook limit, and what others (TimelinesAI, teammates, another
 * workflow) do to the registrations in between.
 */

const TRIGGER = 'TimelinesAI Trigger';
const RAVI_CHAT = 20451188;

let world: E2eWorld;
let workspace: WorkspaceWebhooks;
/** Between n8n and the sandbox's API for the workflows of `throughProxy`: decides which of their requests get through. */
let proxy: ApiProxy;
let proxyCredential: { id: string; name: string };
/** Workflows of the running test: deactivated after it, before the sandbox goes back to its seeded state. */
const workflows: Workflow[] = [];

beforeAll(async () => {
	world = await startE2eWorld('trigger registration');
	workspace = new WorkspaceWebhooks(world.sandbox);
	proxy = await ApiProxy.start(world.sandbox.apiBaseUrl);
	proxyCredential = await world.client.createCredential('TimelinesAI through a proxy', CREDENTIAL_TYPE, {
		...timelinesAiCredentialData(world.sandbox),
		apiBaseUrl: proxy.apiBaseUrl,
	});
});
afterEach(async () => {
	proxy.rule = () => 'pass';
	proxy.requests.splice(0);
	await world.client.updateCredential(proxyCredential.id, { ...timelinesAiCredentialData(world.sandbox), apiBaseUrl: proxy.apiBaseUrl });
	for (const workflow of workflows.splice(0)) await world.client.deactivateWorkflow(workflow.id);
	await world.control.reset();
});
afterAll(async () => {
	await proxy?.close();
	await world?.close();
});

async function trigger(parameters: Record<string, unknown>, credential = world.credential): Promise<Workflow> {
	const definition = triggerWorkflow(`e2e registration ${randomUUID().slice(0, 8)}`, credential, parameters);
	const workflow = await world.createWorkflow(definition, { activate: false });
	workflows.push(workflow);
	return workflow;
}

const automatic = async (...events: string[]) => await trigger({ setup: 'automatic', events });
/** An automatic trigger whose calls to TimelinesAI go through `proxy`. */
const throughProxy = async (...events: string[]) => await trigger({ setup: 'automatic', events }, proxyCredential);

/** The same URL under the public URL n8n had before (a tunnel that changed): same path and query, another origin. */
const underOldPublicUrl = (url: string) => url.replace(world.client.baseUrl, 'https://old-tunnel.example');

/** No secret in what n8n shows: neither the API token nor a URL secret. */
function expectNoSecret(text: string | null, workflowSecrets: string[] = []): void {
	for (const secret of [world.sandbox.apiToken, ...workflowSecrets]) expect(text ?? '').not.toContain(secret);
}

/** A loopback port nothing listens on: TimelinesAI down. */
async function closedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

const secretOf = (url: string) => new URL(url).searchParams.get('secret') ?? '';

/** The URL n8n gives the trigger: production, or while listening for a test event. */
function urlOf(workflow: Workflow, kind: 'webhook' | 'webhook-test' = 'webhook'): string {
	return `${world.client.baseUrl}/${kind}/${workflow.nodes[0].webhookId}/webhook`;
}

async function allWebhooks() {
	return (await world.control.state()).webhooks;
}

/** Webhooks registered at the workflow's URL, whatever secret they carry. */
async function registrationsOf(workflow: Workflow, kind: 'webhook' | 'webhook-test' = 'webhook') {
	return (await allWebhooks()).filter((webhook) => webhook.url.split('?')[0] === urlOf(workflow, kind));
}

const eventsOf = (webhooks: Array<{ event_type: string }>) => webhooks.map((webhook) => webhook.event_type).sort();

/** What n8n reports for the trigger once activation has settled: with the error the editor shows when it failed. */
async function publicationOf(workflow: Workflow) {
	const publication = await world.client.settledPublication(workflow.id);
	const [status] = publication?.triggers ?? [];
	if (!status) throw new Error(`n8n reports no trigger status for workflow ${workflow.id}: ${JSON.stringify(publication)}`);
	return status;
}

/** Proves deliveries reach the workflow: a message in the sandbox becomes an execution of it. */
async function expectDelivered(workflow: Workflow): Promise<void> {
	const text = `Delivered ${randomUUID()}`;
	await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
	const withText = (items: TriggerItem[]) => items.some((item) => item.text === text);
	await waitForExecution(world.client, workflow.id, TRIGGER, `the text "${text}"`, withText);
}

describe('activation and deactivation', () => {
	it('registers one webhook per event at the production URL with a secret, and removes exactly those', async () => {
		const [foreign] = await workspace.createForeign(1);
		const first = await automatic('message:received:new', 'chat:new');
		const second = await automatic('message:received:new');
		await world.client.activateWorkflow(first.id);
		await world.client.activateWorkflow(second.id);

		const registered = await registrationsOf(first);
		expect(eventsOf(registered)).toEqual(['chat:new', 'message:received:new']);
		for (const webhook of registered) {
			expect(new URL(webhook.url).searchParams.get('secret')).toMatch(/^[A-Za-z0-9_-]{32}$/);
			expect(webhook.enabled).toBe(true);
		}

		await world.client.deactivateWorkflow(first.id);
		expect(await registrationsOf(first)).toEqual([]);
		expect(eventsOf(await registrationsOf(second))).toEqual(['message:received:new']);
		expect(await allWebhooks()).toContainEqual(foreign);
		await expectDelivered(second);
	});

	it('with manual setup registers nothing and removes nothing', async () => {
		const foreign = await workspace.createForeign(1);
		const manual = await trigger({ setup: 'manual', manualSecret: 'manual-setup-secret-4711' });
		await world.client.activateWorkflow(manual.id);
		expect(await allWebhooks()).toEqual(foreign);
		await world.client.deactivateWorkflow(manual.id);
		expect(await allWebhooks()).toEqual(foreign);
	});

	it('follows a change of events published while active: registers the new one, removes the dropped ones', async () => {
		const workflow = await automatic('message:received:new', 'message:sent:new');
		await world.client.activateWorkflow(workflow.id);
		const [node] = workflow.nodes;
		await world.client.updateWorkflow(workflow.id, {
			name: workflow.name,
			connections: workflow.connections,
			nodes: [{ ...node, parameters: { ...node.parameters, events: ['message:new'] } }],
		});
		await world.client.activateWorkflow(workflow.id);

		expect(eventsOf(await registrationsOf(workflow))).toEqual(['message:new']);
		await expectDelivered(workflow);
	});

	it('"Listen for test event" registers the test URL beside the production URL and removes only it', async () => {
		const workflow = await automatic('message:received:new');
		await world.client.activateWorkflow(workflow.id);
		const [production] = await registrationsOf(workflow);

		expect(await world.client.listenForTestEvent(workflow.id, TRIGGER)).toEqual({ waitingForWebhook: true });
		expect(eventsOf(await registrationsOf(workflow, 'webhook-test'))).toEqual(['message:received:new']);
		await world.client.stopListening(workflow.id);

		// n8n answers the stop at once and deregisters in the background.
		await waitUntil('n8n to deregister the test URL', async () => ((await registrationsOf(workflow, 'webhook-test')).length === 0 ? true : undefined));
		expect(await registrationsOf(workflow)).toEqual([production]);
		await expectDelivered(workflow);
		await world.client.deactivateWorkflow(workflow.id);
		expect(await allWebhooks()).toEqual([]);
	});
});

describe('registrations that already exist', () => {
	it('adopts webhooks already pointing at its URL (registered before its static data was lost) in a full workspace', async () => {
		await workspace.createForeign(8);
		const workflow = await automatic('message:received:new', 'message:sent:new');
		const url = `${urlOf(workflow)}?secret=kept-${randomUUID()}`;
		await workspace.create('message:received:new', url);
		await workspace.create('message:sent:new', url);
		const before = await allWebhooks();

		await world.client.activateWorkflow(workflow.id);
		expect(await publicationOf(workflow)).toMatchObject({ status: 'activated' });
		expect(await allWebhooks()).toEqual(before);
		// The delivery goes to the adopted URL: the trigger took its secret over.
		await expectDelivered(workflow);
	});

	it('in an older workspace that lists chat events under their former names, adopts and removes its own', async () => {
		await world.control.useChatEventNames('former');
		const workflow = await automatic('chat:new', 'chat:responsible:assigned');
		const url = `${urlOf(workflow)}?secret=kept-${randomUUID()}`;
		await workspace.create('chat:created', url);
		await workspace.create('chat:assigned', url);
		const before = await allWebhooks();

		await world.client.activateWorkflow(workflow.id);
		expect(await allWebhooks()).toEqual(before);
		await world.client.deactivateWorkflow(workflow.id);
		expect(await allWebhooks()).toEqual([]);
	});

	it('repairs its own webhook that TimelinesAI switched off, keeping its id', async () => {
		const workflow = await automatic('message:received:new');
		const stale = await workspace.create('message:received:new', `${urlOf(workflow)}?secret=old`, false);

		await world.client.activateWorkflow(workflow.id);
		const [repaired] = await registrationsOf(workflow);
		expect(await registrationsOf(workflow)).toHaveLength(1);
		expect(repaired).toMatchObject({ id: stale.id, enabled: true });
		await expectDelivered(workflow);
	});
});

describe('changes made in TimelinesAI while the workflow is active', () => {
	it('after its webhooks were deleted there, deactivating and activating again registers anew', async () => {
		const workflow = await automatic('message:received:new', 'message:sent:new');
		await world.client.activateWorkflow(workflow.id);
		for (const webhook of await registrationsOf(workflow)) await workspace.remove(webhook.id);

		await world.client.deactivateWorkflow(workflow.id);
		await world.client.activateWorkflow(workflow.id);
		expect(eventsOf(await registrationsOf(workflow))).toEqual(['message:received:new', 'message:sent:new']);
		await expectDelivered(workflow);
	});

	it('after TimelinesAI switched its webhook off, activating again switches deliveries back on', async () => {
		const workflow = await automatic('message:received:new');
		await world.client.activateWorkflow(workflow.id);
		const [registered] = await registrationsOf(workflow);
		await workspace.update(registered.id, { enabled: false });

		await world.client.deactivateWorkflow(workflow.id);
		await world.client.activateWorkflow(workflow.id);
		const now = await registrationsOf(workflow);
		expect(now).toHaveLength(1);
		expect(now[0].enabled).toBe(true);
		await expectDelivered(workflow);
	});
});

describe('the 10-webhook limit', () => {
	it('refuses activation with a message that says how many exist and how to free some, registering nothing', async () => {
		await workspace.createForeign(9);
		const workflow = await automatic('message:received:new', 'message:sent:new');

		await world.client.requestActivation(workflow.id, true);
		const status = await publicationOf(workflow);
		expect(status).toMatchObject({ status: 'failed' });
		// n8n shows only the message (no description) when activation fails: it must name the fix.
		expect(status.errorMessage).toBe(
			'TimelinesAI allows at most 10 webhooks per workspace: 9 already exist, and this trigger needs 2 more (Message Received, Message Sent). ' +
				'Free some: delete webhooks you no longer use (TimelinesAI → Integrations → Public API webhooks), deactivate other workflows ' +
				'with a TimelinesAI Trigger, or choose fewer events here.',
		);
		expect(await allWebhooks()).toHaveLength(9);
	});

	it('two workflows racing for the last two slots: each ends with all of its webhooks or none', async () => {
		await workspace.createForeign(8);
		const racers = [await automatic('message:received:new', 'message:sent:new'), await automatic('chat:new', 'chat:incoming:new')];

		await Promise.all(racers.map(async (workflow) => await world.client.requestActivation(workflow.id, true)));
		const statuses = await Promise.all(racers.map(publicationOf));
		expect(statuses.filter((status) => status.status === 'activated').length).toBeLessThanOrEqual(1);
		for (const [index, workflow] of racers.entries()) {
			const own = await registrationsOf(workflow);
			if (statuses[index].status === 'activated') expect(own).toHaveLength(2);
			else {
				expect(own).toEqual([]);
				expect(statuses[index].errorMessage).toContain('at most 10 webhooks per workspace');
			}
		}
		expect((await allWebhooks()).length).toBeLessThanOrEqual(10);
	});
});

describe('quick and simultaneous changes', () => {
	it('activating and deactivating in quick succession ends with no webhook left', async () => {
		const workflow = await automatic('message:received:new', 'message:sent:new');
		for (const active of [true, false, true, false]) await world.client.requestActivation(workflow.id, active);
		await world.client.settledPublication(workflow.id);
		expect(await registrationsOf(workflow)).toEqual([]);
	});

	it('activating, deactivating and activating again in quick succession ends with one webhook per event', async () => {
		const workflow = await automatic('message:received:new', 'message:sent:new');
		for (const active of [true, false, true]) await world.client.requestActivation(workflow.id, active);
		expect(await publicationOf(workflow)).toMatchObject({ status: 'activated' });
		expect(eventsOf(await registrationsOf(workflow))).toEqual(['message:received:new', 'message:sent:new']);
		await expectDelivered(workflow);
	});

	it('two workflows with the same events activated at once each get their own webhooks and their own deliveries', async () => {
		const pair = [await automatic('message:received:new'), await automatic('message:received:new')];
		await Promise.all(pair.map(async (workflow) => await world.client.activateWorkflow(workflow.id)));
		for (const workflow of pair) expect(eventsOf(await registrationsOf(workflow))).toEqual(['message:received:new']);
		const text = `For both ${randomUUID()}`;
		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text });
		for (const workflow of pair) {
			await waitForExecution(world.client, workflow.id, TRIGGER, `the text "${text}"`, (items) => items.some((item) => item.text === text));
		}
	});
});

describe('a changed public URL (WEBHOOK_URL or a tunnel changed)', () => {
	it('deactivating removes its registrations made under the former URL, not a copy\'s at the same path nor anyone else\'s', async () => {
		const [foreign] = await workspace.createForeign(1);
		const workflow = await automatic('message:received:new', 'message:sent:new');
		await world.client.activateWorkflow(workflow.id);
		for (const webhook of await registrationsOf(workflow)) await workspace.update(webhook.id, { url: underOldPublicUrl(webhook.url) });
		// The same workflow imported into another n8n (same webhook id, so the same path) has a secret of its own.
		const copy = await workspace.create('message:received:new', `${underOldPublicUrl(urlOf(workflow))}?secret=another-n8n`);

		await world.client.deactivateWorkflow(workflow.id);
		expect(await allWebhooks()).toEqual([foreign, copy]);
	});

	it('activating moves its registrations from the former URL to the current one (same ids), even in a full workspace', async () => {
		await workspace.createForeign(8);
		const workflow = await automatic('message:received:new', 'message:sent:new');
		// Its static data lost too: the secret is read from the registration still at the current URL.
		const secret = `kept-${randomUUID()}`;
		const here = await workspace.create('message:received:new', `${urlOf(workflow)}?secret=${secret}`);
		const moved = await workspace.create('message:sent:new', `${underOldPublicUrl(urlOf(workflow))}?secret=${secret}`);

		await world.client.activateWorkflow(workflow.id);
		const registered = await registrationsOf(workflow);
		expect(registered.map((webhook) => webhook.id).sort()).toEqual([here.id, moved.id].sort());
		for (const webhook of registered) expect(webhook).toMatchObject({ url: `${urlOf(workflow)}?secret=${secret}`, enabled: true });
		expect(await allWebhooks()).toHaveLength(10);
		await expectDelivered(workflow);
	});
});

describe('TimelinesAI refusing or failing while the trigger (de)registers', () => {
	it('a DELETE answered 404 (already deleted in TimelinesAI) counts as done and the rest are still removed', async () => {
		const workflow = await throughProxy('message:received:new', 'message:sent:new', 'chat:new');
		await world.client.activateWorkflow(workflow.id);
		const [gone] = await registrationsOf(workflow);
		// Someone deletes it in TimelinesAI between the trigger's listing and its DELETE.
		proxy.rule = async ({ method, path }): Promise<ProxyAction> => {
			if (method === 'DELETE' && path.endsWith(`/webhooks/${gone.id}`)) await workspace.remove(gone.id).catch(() => undefined);
			return 'pass';
		};

		await world.client.deactivateWorkflow(workflow.id);
		expect(proxy.requests.filter((request) => request.method === 'DELETE').map((request) => request.status).sort()).toEqual([200, 200, 404]);
		expect(await registrationsOf(workflow)).toEqual([]);
		expect(await world.client.settledPublication(workflow.id)).toMatchObject({ status: 'not_published' });
	});

	it('a DELETE that fails does not stop the others: all the rest are removed, the failing one stays', async () => {
		const workflow = await throughProxy('message:received:new', 'message:sent:new', 'chat:new');
		await world.client.activateWorkflow(workflow.id);
		const [failing] = await registrationsOf(workflow);
		proxy.rule = ({ method, path }) =>
			method === 'DELETE' && path.endsWith(`/webhooks/${failing.id}`) ? { status: 500, message: 'Internal server error' } : 'pass';

		await world.client.deactivateWorkflow(workflow.id);
		expect(await registrationsOf(workflow)).toEqual([failing]);
		const deletes = proxy.requests.filter((request) => request.method === 'DELETE');
		// Tried once per n8n attempt; the other two were removed on the first.
		expect(deletes.filter((request) => request.status === 200)).toHaveLength(2);
	});

	it('activation when TimelinesAI cannot be reached fails with a clear message, without a secret', async () => {
		const workflow = await throughProxy('message:received:new');
		const apiBaseUrl = `http://127.0.0.1:${await closedPort()}/integrations/api`;
		await world.client.updateCredential(proxyCredential.id, { ...timelinesAiCredentialData(world.sandbox), apiBaseUrl });

		await world.client.requestActivation(workflow.id, true);
		const status = await publicationOf(workflow);
		expect(status).toMatchObject({ status: 'failed' });
		expect(status.errorMessage).toMatch(/^Could not connect to TimelinesAI while listing the workspace webhooks: .* Nothing was sent\. Check the URLs in the TimelinesAI credential/);
		expectNoSecret(status.errorMessage);
	});

	it.each([
		['the connection to TimelinesAI is cut off', 'drop' as const, /^TimelinesAI did not answer while listing the workspace webhooks/],
		[
			'the API token is wrong',
			{ status: 401, message: 'Invalid token' },
			/^TimelinesAI answered HTTP 401 while listing the workspace webhooks: Invalid token\. The API token is wrong or expired\./,
		],
	])('activation when %s fails with a clear message, without a secret, touching nothing', async (_name, action, expected) => {
		const foreign = await workspace.createForeign(2);
		const workflow = await throughProxy('message:received:new');
		proxy.rule = () => action;

		await world.client.requestActivation(workflow.id, true);
		const status = await publicationOf(workflow);
		expect(status).toMatchObject({ status: 'failed' });
		expect(status.errorMessage).toMatch(expected);
		expectNoSecret(status.errorMessage);
		expect(await allWebhooks()).toEqual(foreign);
		// n8n removes what a failed activation may have left (it calls the trigger's delete): only reads got out.
		expect(proxy.requests.filter((request) => request.method !== 'GET')).toEqual([]);
	});

	it('deactivation with a wrong token leaves its webhooks (and everyone else\'s) in place; with the token fixed, activating adopts them', async () => {
		const foreign = await workspace.createForeign(2);
		const workflow = await throughProxy('message:received:new', 'message:sent:new');
		await world.client.activateWorkflow(workflow.id);
		const registered = await registrationsOf(workflow);
		await world.client.updateCredential(proxyCredential.id, { ...timelinesAiCredentialData(world.sandbox), apiBaseUrl: proxy.apiBaseUrl, apiToken: 'wrong-token' });

		await world.client.deactivateWorkflow(workflow.id);
		expect(await world.client.settledPublication(workflow.id)).toMatchObject({ status: 'not_published' });
		expect(await allWebhooks()).toEqual([...foreign, ...registered]);
		expectNoSecret(JSON.stringify(await world.client.settledPublication(workflow.id)), registered.map((webhook) => secretOf(webhook.url)));

		await world.client.updateCredential(proxyCredential.id, { ...timelinesAiCredentialData(world.sandbox), apiBaseUrl: proxy.apiBaseUrl });
		await world.client.activateWorkflow(workflow.id);
		expect(await allWebhooks()).toEqual([...foreign, ...registered]);
		await expectDelivered(workflow);
	});

	it('when registering fails half-way and removing the half fails too, the error shown is the registering one', async () => {
		const [foreign] = await workspace.createForeign(1);
		const workflow = await throughProxy('message:received:new', 'message:sent:new');
		let posts = 0;
		proxy.rule = ({ method }) => {
			if (method === 'POST' && ++posts > 1) return { status: 500, message: 'Internal server error' };
			return method === 'DELETE' ? { status: 503, message: 'Service unavailable' } : 'pass';
		};

		await world.client.requestActivation(workflow.id, true);
		const status = await publicationOf(workflow);
		expect(status).toMatchObject({ status: 'failed' });
		expect(status.errorMessage).toMatch(/^TimelinesAI answered HTTP 500 while registering the "message:sent:new" webhook/);
		// The half it could not remove stays, at its URL with its secret: recognisably its own.
		const [half] = await registrationsOf(workflow);
		expect(await allWebhooks()).toEqual([foreign, half]);

		// Once TimelinesAI works again, deactivating and activating (what the user does) ends with exactly its two.
		proxy.rule = () => 'pass';
		await world.client.deactivateWorkflow(workflow.id);
		await world.client.activateWorkflow(workflow.id);
		const registered = await registrationsOf(workflow);
		expect(eventsOf(registered)).toEqual(['message:received:new', 'message:sent:new']);
		expect(await allWebhooks()).toEqual([foreign, ...registered]);
		await expectDelivered(workflow);
	});
});

describe('webhooks that disappeared in TimelinesAI while n8n was stopped (npm start restarts the sandbox empty)', () => {
	it('activating again every active workflow with a TimelinesAI Trigger (what npm start does) brings each back', async () => {
		const deleted = await automatic('chat:new', 'message:received:new');
		const switchedOff = await automatic('message:received:new');
		for (const workflow of [deleted, switchedOff]) await world.client.activateWorkflow(workflow.id);
		for (const webhook of await registrationsOf(deleted)) await workspace.remove(webhook.id);
		for (const webhook of await registrationsOf(switchedOff)) await workspace.update(webhook.id, { enabled: false });

		const ours = new Set([deleted.id, switchedOff.id]);
		// Only this test's workflows: other test files share this n8n.
		const { reactivated, failed } = await world.client.reactivateWorkflowsWith(NODE_TYPES.trigger, (workflow) => ours.has(workflow.id));
		expect(failed).toEqual([]);
		expect(reactivated.map((workflow) => workflow.id).sort()).toEqual([...ours].sort());
		expect(eventsOf(await registrationsOf(deleted))).toEqual(['chat:new', 'message:received:new']);
		expect(await registrationsOf(switchedOff)).toEqual([expect.objectContaining({ enabled: true })]);
		for (const workflow of [deleted, switchedOff]) await expectDelivered(workflow);
	});
});
