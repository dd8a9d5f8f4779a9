import { EVENT_OPTIONS } from '../../nodes/TimelinesAi/trigger/properties';
import { openEditor, visibleLineCount, type EditorSession } from './support/editor-browser';
import { triggerWorkflow } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * What a person sees in the editor, in headless Chromium: the Trigger's panel in both setups, the credential
 * dialog, and the node creator. Screenshots land in test/e2e/screenshots/ for a look.
 */

const TRIGGER = 'TimelinesAI Trigger';
const README = 'https://github.com/n8n-nodes-timelinesai/n8n-nodes-timelinesai';

let world: E2eWorld;
let editor: EditorSession;

beforeAll(async () => {
	world = await startE2eWorld('editor panels');
	editor = await openEditor();
});
afterAll(async () => {
	await editor?.close();
	await world?.close();
});

async function openTriggerPanel(name: string, parameters: Record<string, unknown>) {
	const workflow = await world.createWorkflow(triggerWorkflow(name, world.credential, parameters), { activate: false });
	await editor.openWorkflow(workflow.id);
	return await editor.openNode(TRIGGER);
}

describe('TimelinesAI Trigger panel', () => {
	it('automatic setup asks for Events, not for a Direction the events already say; Docs opens the README', async () => {
		const panel = await openTriggerPanel('panel: trigger automatic', { setup: 'automatic', events: ['message:received:new', 'message:sent:new'] });
		await editor.screenshot('trigger-automatic');

		const parameters = panel.getByTestId('node-parameters');
		await expect(parameters.getByText('Events', { exact: true }).isVisible()).resolves.toBe(true);
		await expect(parameters.getByText('Message Received', { exact: true }).isVisible()).resolves.toBe(true);
		await expect(parameters.getByText('Message Sent', { exact: true }).isVisible()).resolves.toBe(true);
		await expect(parameters.getByText('Direction', { exact: true }).count()).resolves.toBe(0);
		await expect(panel.getByRole('link', { name: 'Docs' }).getAttribute('href')).resolves.toBe(`${README}#timelinesai-trigger`);
	});

	it('manual setup asks for the Direction, and its notice fits in 3 lines', async () => {
		const panel = await openTriggerPanel('panel: trigger manual', { setup: 'manual' });
		await editor.screenshot('trigger-manual');

		const parameters = panel.getByTestId('node-parameters');
		await expect(parameters.getByText('Direction', { exact: true }).isVisible()).resolves.toBe(true);
		await expect(parameters.getByText('Events', { exact: true }).count()).resolves.toBe(0);
		const notice = parameters.getByText(/^Paste the Production URL above/);
		await editor.screenshot('trigger-manual-notice', notice);
		await expect(visibleLineCount(notice)).resolves.toBeLessThanOrEqual(3);
	});
});

describe('TimelinesAI API credential dialog', () => {
	it('shows under each field which node needs it, and its docs link opens the README\'s credential section', async () => {
		const dialog = await editor.openCredential(world.credential.id);
		await editor.screenshot('credential');

		const hints = [
			['inboundUrl', /^Needed by: TimelinesAI \(send\)\./],
			['defaultSenderPhone', /^Optional, for TimelinesAI \(send\)\./],
			['apiToken', /^Needed by: Trigger \(automatic setup\), and TimelinesAI \(send\)/],
			['apiBaseUrl', /^Leave as is/],
		] as const;
		for (const [field, hint] of hints) {
			const shown = dialog.getByTestId(field).getByText(hint);
			await expect(shown.isVisible()).resolves.toBe(true);
		}
		// "Open docs" in n8n 2.8, "… or read the docs" in 2.41.
		await expect(dialog.getByRole('link', { name: /^(open )?docs$/i }).getAttribute('href')).resolves.toBe(`${README}#credential-setup`);
	});
});

describe('node creator', () => {
	it('lists the trigger\'s events by their proper names ("WhatsApp account connected", not "On whats app account connected")', async () => {
		const listed = await editor.nodeCreatorActions('TimelinesAI', 'TimelinesAI');
		await editor.screenshot('node-creator-trigger-events');

		const expected = EVENT_OPTIONS.map((option) => option.action as string);
		expect(expected).toContain('WhatsApp account connected');
		expect(listed).toEqual(expect.arrayContaining(expected));
		expect(listed.filter((name) => /^On /.test(name))).toEqual([]);
	});
});
