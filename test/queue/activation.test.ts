import type { Workflow } from '../../scripts/n8n/rest-client';
import { triggerWorkflow } from '../e2e/support/workflows';
import { type E2eWorld, startE2eWorld } from '../e2e/support/world';

const CYCLES = 3;

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
});
