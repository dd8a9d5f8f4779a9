import { randomUUID } from 'node:crypto';

import type { Workflow } from '../tools/n8n/rest-client';
import { waitForExecution } from '../e2e/support/executions';
import { triggerWorkflow } from '../e2e/support/workflows';
import { type E2eWorld, startE2eWorld } from '../e2e/support/world';
import { deliver, recordedDelivery, withNewMessage } from './support/deliveries';

const CYCLES = 3;
const TRIGGER = 'TimelinesAI Trigger';
const RAVI_CHAT = 20451188;
const IN_FLIGHT = 20;

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('queue activation');
});
afterAll(async () => {
	await world?.close();
});

/** Registrations in the sandbox pointing at this workflow's trigger (through the public URL). */
async function registrationsOf(workflow: Workflow) {
	const { webhooks } = await world.control.state();
	return webhooks.filter((webhook) => webhook.url.includes(`/webhook/${workflow.nodes[0].webhookId}/webhook`));
}

describe('TimelinesAI Trigger activation in queue mode', () => {
	it(`registers while active and leaves no registration behind, over ${CYCLES} activate/deactivate cycles`, async () => {
		const workflow = await world.createWorkflow(
			triggerWorkflow('queue activation', world.credential, { setup: 'automatic', events: ['message:received:new', 'message:sent:new', 'chat:new'] }),
			{ activate: false },
		);
		for (let cycle = 0; cycle < CYCLES; cycle++) {
			await world.client.activateWorkflow(workflow.id);
			const active = await registrationsOf(workflow);
			expect(active.map((webhook) => webhook.event_type).sort()).toEqual(['chat:new', 'message:received:new', 'message:sent:new']);
			expect(active.every((webhook) => webhook.url.startsWith(`${world.client.baseUrl}/webhook/`))).toBe(true);

			await world.client.deactivateWorkflow(workflow.id);
			expect(await registrationsOf(workflow)).toEqual([]);
		}
		expect((await world.control.state()).webhooks).toEqual([]);
	});

	it('registers again and receives after deactivations that happened while deliveries were in flight', async () => {
		const workflow = await world.createWorkflow(triggerWorkflow('queue activation in flight', world.credential, { setup: 'automatic' }));
		const received = (text: string) => waitForExecution(world.client, workflow.id, TRIGGER, `the text "${text}"`, (items) => items.some((item) => item.text === text));
		const first = `Before the cycles ${randomUUID()}`;
		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text: first });
		await received(first);
		const template = await recordedDelivery(world.control, workflow.nodes[0].webhookId ?? '', first);

		for (let cycle = 0; cycle < CYCLES; cycle++) {
			// Webhook processes still answering these may write back static data the main has just changed.
			const inFlight = Promise.all(
				Array.from({ length: IN_FLIGHT }, (_, i) => deliver(template.url, withNewMessage(template.payload, `In flight ${cycle} ${i} ${randomUUID()}`))),
			);
			await world.client.deactivateWorkflow(workflow.id);
			await inFlight;
			expect(await registrationsOf(workflow)).toEqual([]);
			await world.client.activateWorkflow(workflow.id);
			expect((await registrationsOf(workflow)).map((webhook) => webhook.event_type).sort()).toEqual(['message:received:new', 'message:sent:new']);
		}

		const last = `After the cycles ${randomUUID()}`;
		await world.control.simulateIncoming({ chatId: RAVI_CHAT, text: last });
		await received(last);
	});
});
