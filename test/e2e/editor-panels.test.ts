import type { Locator } from 'playwright-core';

import { timelinesAiCredentialData } from '../tools/n8n/credential';
import { CREDENTIAL_TYPE } from '../tools/n8n/instance';
import { LATEST_VERSION, timelinesAiProperties } from '../../nodes/TimelinesAi/TimelinesAi.node';
import { EVENT_OPTIONS } from '../../nodes/TimelinesAi/trigger/fields';
import { SEEDED_ACCOUNTS, SEEDED_CHATS } from '../sandbox/workspace';
import { inputValueOnceLoaded, openEditor, optionLabels, visibleLineCount, type EditorSession } from './support/editor-browser';
import { appWorkflow, triggerWorkflow } from './support/workflows';
import { type E2eWorld, startE2eWorld } from './support/world';

/**
 * What a person sees in the editor, in headless Chromium: the Trigger's panel in both setups, the TimelinesAI node's
 * panel and its pickers (with and without an API token), the credential dialog, and the node creator. Screenshots
 * land in test/e2e/screenshots/ for a look.
 */

const TRIGGER = 'TimelinesAI Trigger';
const APP = 'TimelinesAI';
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
		const notice = parameters.getByText(/^Paste the Production URL followed by/);
		await editor.screenshot('trigger-manual-notice', notice);
		await expect(visibleLineCount(notice)).resolves.toBeLessThanOrEqual(3);
	});
});

describe('TimelinesAI API credential dialog', () => {
	it('shows under each field which node needs it, and its docs link opens the README\'s credential section', async () => {
		const dialog = await editor.openCredential(world.credential.id);
		await editor.screenshot('credential');

		const hints = [
			['secretInboundUrl', /^Needed by: TimelinesAI \(send\)\./],
			['defaultSenderPhone', /^Optional, for TimelinesAI \(send\)\./],
			['apiToken', /^Needed by: Trigger \(automatic setup\); TimelinesAI Get Status, Find, the chat and sender lists, and Send for files/],
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

async function openAppPanel(name: string, parameters: Record<string, unknown>, credential = world.credential) {
	const workflow = await world.createWorkflow(appWorkflow(name, credential, parameters), { activate: false });
	await editor.openWorkflow(workflow.id);
	return await editor.openNode(APP);
}

const SEND_TO_CHAT = { resource: 'message', operation: 'send', sendTo: 'chatId', attachment: 'none' };

/** The labels of a dropdown of the panel, read while it is open (and saved as a screenshot), then `pick` chosen. */
async function dropdownLabels(select: Locator, screenshot: string, pick: string): Promise<string[]> {
	const list = await editor.openDropdown(select);
	const labels = await optionLabels(list);
	await editor.screenshot(screenshot);
	await editor.pick(list, pick);
	return labels;
}

/** The operations of a resource, in the order the panel of a node of `version` (as `appWorkflow` makes, 1) lists them. */
function operationNames(resource: string, version = 1): string[] {
	const operation = timelinesAiProperties.find((property) => {
		const show = property.displayOptions?.show;
		return property.name === 'operation' && show?.resource?.includes(resource) && (show['@version'] ?? [version]).includes(version);
	});
	return (operation?.options ?? []).map((option) => option.name);
}

/** n8n adds this resource, and this operation to each resource, for a node whose credential can sign HTTP Request nodes' calls. */
const CUSTOM_API_CALL = 'Custom API Call';

describe('TimelinesAI node panel', () => {
	it('offers Message → Send, Get Status and Chat → Find, each field labelled', async () => {
		const panel = await openAppPanel('panel: app send', { ...SEND_TO_CHAT, options: {} });
		await editor.screenshot('app-message-send');
		const parameters = panel.getByTestId('node-parameters');
		for (const label of ['Credential', 'Resource', 'Operation', 'Send To', 'Chat ID', 'Text', 'Attachment', 'Options']) {
			await expect(parameters.getByText(label, { exact: true }).isVisible()).resolves.toBe(true);
		}

		expect(operationNames('message')).toEqual(['Get', 'Get Status', 'React', 'Reply', 'Send']);
		expect(operationNames('chat')).toEqual(['Add Labels', 'Add Note', 'Find', 'Get', 'Get Labels', 'Get Many', 'Get Messages', 'Set Labels', 'Update']);
		await expect(dropdownLabels(panel.getByTestId('parameter-input-operation'), 'app-message-operations', 'Send')).resolves.toEqual([
			...operationNames('message'),
			CUSTOM_API_CALL,
		]);
		await expect(dropdownLabels(panel.getByTestId('parameter-input-resource'), 'app-resources', 'Chat')).resolves.toEqual([
			'Chat',
			'File',
			'Message',
			'Teammate',
			'WhatsApp Account',
			'Workspace',
			CUSTOM_API_CALL,
		]);

		await parameters.getByText('Name Contains', { exact: true }).waitFor();
		await editor.screenshot('app-chat-find');
		await expect(panel.getByTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe('Find');
		await expect(parameters.getByText('Send To', { exact: true }).count()).resolves.toBe(0);
		await expect(dropdownLabels(panel.getByTestId('parameter-input-operation'), 'app-chat-operations', 'Find')).resolves.toEqual([
			...operationNames('chat'),
			CUSTOM_API_CALL,
		]);
	});

	it.each([
		['addLabels', ['Chat ID', 'Labels'], "Added to the chat's labels: the labels it already has stay"],
		['setLabels', ['Chat ID', 'Labels'], 'Leave empty to remove every label'],
		['addNote', ['Chat ID', 'Note', 'Options'], 'with Convert HTML to Text on'],
		['getMessages', ['Chat ID', 'Return All', 'Limit', 'Filters', 'Options'], undefined],
	])('Chat → %s shows its fields, labelled, and its hint', async (operation, labels, hint) => {
		const panel = await openAppPanel(`panel: chat ${operation}`, { resource: 'chat', operation });
		await editor.screenshot(`app-chat-${operation}`);
		const parameters = panel.getByTestId('node-parameters');
		for (const label of labels) await expect(parameters.getByText(label, { exact: true }).isVisible()).resolves.toBe(true);
		if (hint) await expect(parameters.getByText(hint).isVisible()).resolves.toBe(true);
	});

	it('offers "Check File Link" only while the attachment comes from a URL', async () => {
		const panel = await openAppPanel('panel: app attachment', { ...SEND_TO_CHAT, options: {} });
		const parameters = panel.getByTestId('node-parameters');
		const attachment = panel.getByTestId('parameter-input-attachment');
		const addOption = panel.getByTestId('collection-parameter-add');
		const checkFileLink = panel.getByTestId('parameter-input-checkFileLink');

		await expect(dropdownLabels(addOption, 'app-options-no-attachment', 'Timeout (Seconds)')).resolves.not.toContain('Check File Link');

		await editor.pick(await editor.openDropdown(attachment), 'From URL');
		await parameters.getByText('File URL', { exact: true }).waitFor();
		await expect(parameters.getByText('File Name', { exact: true }).isVisible()).resolves.toBe(true);
		await expect(dropdownLabels(addOption, 'app-options-url-attachment', 'Check File Link')).resolves.toContain('Check File Link');
		await checkFileLink.waitFor();
		await editor.screenshot('app-attachment-url');

		await editor.pick(await editor.openDropdown(attachment), 'From Binary Property');
		await checkFileLink.waitFor({ state: 'detached' });
		await expect(parameters.getByText('Input Binary Field', { exact: true }).isVisible()).resolves.toBe(true);
		await expect(parameters.getByText('The name of the input binary field containing the file to be sent').isVisible()).resolves.toBe(true);
		await editor.screenshot('app-attachment-binary');
		await expect(dropdownLabels(addOption, 'app-options-binary-attachment', 'Default Country')).resolves.not.toContain('Check File Link');

		await editor.pick(await editor.openDropdown(attachment), 'From URL');
		await parameters.getByText('File URL', { exact: true }).waitFor();
		await expect(dropdownLabels(addOption, 'app-options-url-attachment-again', 'Check File Link')).resolves.toContain('Check File Link');
		await checkFileLink.waitFor();
		await editor.pick(await editor.openDropdown(attachment), 'None');
		await checkFileLink.waitFor({ state: 'detached' });
		await expect(parameters.getByText('File URL', { exact: true }).count()).resolves.toBe(0);
		await editor.screenshot('app-attachment-none');
	});
});

describe('TimelinesAI node pickers', () => {
	const chatLabel = (chat: (typeof SEEDED_CHATS)[number]) => `${chat.name} (${chat.isGroup ? 'group' : chat.phone})`;
	const ravi = SEEDED_CHATS.find((chat) => chat.name === 'Ravi Kumar')!;

	it('with an API token: Chat ID lists and searches the chats, By ID and By URL exist; the sender lists the WhatsApp accounts', async () => {
		const panel = await openAppPanel('panel: app pickers', { ...SEND_TO_CHAT, options: { senderPhone: '' } });
		const chatId = panel.getByTestId('resource-locator-chatId');

		await expect(dropdownLabels(chatId.getByTestId('rlc-mode-selector'), 'app-chat-modes', 'From list')).resolves.toEqual(['From list', 'By ID', 'By URL']);

		await chatId.getByTestId('rlc-input').click();
		const items = editor.page.getByTestId('rlc-item').filter({ visible: true });
		await items.filter({ hasText: ravi.name }).waitFor();
		await editor.screenshot('app-chat-list');
		await expect(items.allInnerTexts()).resolves.toEqual(SEEDED_CHATS.map(chatLabel));

		await editor.page.getByTestId('rlc-search').fill('ravi');
		// Every other chat leaves the list once the search's answer is in.
		await items.filter({ hasNotText: ravi.name }).first().waitFor({ state: 'detached' });
		await items.first().waitFor();
		await editor.screenshot('app-chat-search');
		await expect(items.allInnerTexts()).resolves.toEqual([chatLabel(ravi)]);
		await items.first().click();
		await expect(chatId.getByTestId('rlc-input').inputValue()).resolves.toBe(chatLabel(ravi));

		const accounts = await editor.openDropdown(panel.getByTestId('parameter-input-senderPhone'));
		const support = SEEDED_ACCOUNTS[1];
		await accounts.getByText(`${support.account_name} (${support.phone})`, { exact: true }).waitFor();
		await editor.screenshot('app-sender-accounts');
		await expect(optionLabels(accounts)).resolves.toEqual([
			"Default (the Credential's Sender)",
			...SEEDED_ACCOUNTS.map((account) => `${account.account_name} (${account.phone})`),
		]);
		await editor.pick(accounts, `${support.account_name} (${support.phone})`);

		await editor.pick(await editor.openDropdown(chatId.getByTestId('rlc-mode-selector')), 'By URL');
		const url = `https://app.timelines.ai/chat/${ravi.id}/messages/`;
		await chatId.getByTestId('rlc-input').fill(url);
		await editor.screenshot('app-chat-by-url');

		const reopened = await editor.reopenNode(APP);
		await expect(reopened.getByTestId('resource-locator-chatId').getByTestId('rlc-input').inputValue()).resolves.toBe(url);
		await expect(reopened.getByTestId('parameter-input-chatId').getByTestId('parameter-issues').count()).resolves.toBe(0);
		// The dropdown shows "Loading options..." until the accounts are read again.
		const senderShown = reopened.getByTestId('parameter-input-senderPhone').locator('input');
		await expect(inputValueOnceLoaded(senderShown, 'Loading options...')).resolves.toBe(`${support.account_name} (${support.phone})`);
	});

	it('without an API token the lists say what is missing, and typed values stay without an error', async () => {
		const noToken = await world.client.createCredential('TimelinesAI sandbox without API token', CREDENTIAL_TYPE, {
			...timelinesAiCredentialData(world.sandbox),
			apiToken: '',
		});
		const panel = await openAppPanel('panel: app without token', { ...SEND_TO_CHAT, options: { senderPhone: '' } }, noToken);
		const chatId = panel.getByTestId('resource-locator-chatId');

		await chatId.getByTestId('rlc-input').click();
		await editor.page.getByText('The chat list needs an API Token in the TimelinesAI credential').waitFor();
		await editor.screenshot('app-no-token-chat-list');

		await editor.pick(await editor.openDropdown(chatId.getByTestId('rlc-mode-selector')), 'By ID');
		await chatId.getByTestId('rlc-input').fill(String(ravi.id));
		await expect(panel.getByText("The chat's number, e.g. {{ $json.chat.id }} from the TimelinesAI Trigger").isVisible()).resolves.toBe(true);

		const sender = panel.getByTestId('parameter-input-senderPhone');
		await sender.hover();
		await panel.getByTestId('senderPhone-parameter-input-options-container').getByTestId('radio-button-expression').click();
		const expression = sender.getByTestId('inline-expression-editor-input');
		await expression.click();
		await editor.page.keyboard.type(SEEDED_ACCOUNTS[0].phone);
		// The editor takes the expression in once its preview below shows the value.
		await panel.getByTestId(/^parameter-expression-preview/).filter({ hasText: SEEDED_ACCOUNTS[0].phone }).waitFor();
		await editor.screenshot('app-no-token-typed');

		const reopened = await editor.reopenNode(APP);
		await editor.screenshot('app-no-token-reopened');
		await expect(reopened.getByTestId('resource-locator-chatId').getByTestId('rlc-input').inputValue()).resolves.toBe(String(ravi.id));
		await expect(reopened.getByTestId('parameter-input-chatId').getByTestId('parameter-issues').count()).resolves.toBe(0);
		const typed = reopened.getByTestId('parameter-input-senderPhone');
		await expect(typed.getByTestId('inline-expression-editor-input').innerText()).resolves.toBe(SEEDED_ACCOUNTS[0].phone);
		await expect(typed.getByTestId('parameter-issues').count()).resolves.toBe(0);
	});
});

describe('node creator', () => {
	const events = EVENT_OPTIONS.map((option) => option.action as string);
	// What a new node (the newest version) offers: n8n's node creator lists those actions only.
	const newest = (property: (typeof timelinesAiProperties)[number]) => (property.displayOptions?.show?.['@version'] ?? [LATEST_VERSION]).includes(LATEST_VERSION);
	const actions = timelinesAiProperties.flatMap((property) =>
		property.name === 'operation' && newest(property) ? (property.options ?? []).map((option) => (option as { action: string }).action) : [],
	);
	const ourEntries = (names: string[]) => names.filter((name) => /timelines/i.test(name));

	it('finds one TimelinesAI app, not the hidden older Send node; it lists the trigger\'s events by their proper names and the actions', async () => {
		const found = await editor.nodeCreatorSearch('TimelinesAI');
		await editor.screenshot('node-creator-search');
		expect(ourEntries(found)).toEqual(['TimelinesAI']);

		const listed = await editor.nodeCreatorActions('TimelinesAI');
		await editor.screenshot('node-creator-app-events');
		expect(events).toContain('WhatsApp account connected');
		expect(listed).toEqual(expect.arrayContaining([...events, ...actions]));
		expect(listed.filter((name) => /^On /.test(name))).toEqual([]);
		// The actions come after the 16 events, below the fold.
		await editor.page.getByTestId('node-creator').getByTestId('node-creator-item-name').last().scrollIntoViewIfNeeded();
		await editor.screenshot('node-creator-app-actions');
	});

	it('after a trigger, "TimelinesAI" is still one app, its actions first (grouped by resource)', async () => {
		const workflow = await world.createWorkflow(triggerWorkflow('creator: after trigger', world.credential, { setup: 'manual' }), { activate: false });
		const found = await editor.nodeCreatorSearch('TimelinesAI', workflow.id);
		await editor.screenshot('node-creator-search-after-trigger');
		expect(ourEntries(found)).toEqual(['TimelinesAI']);

		const listed = await editor.nodeCreatorActions('TimelinesAI');
		await editor.screenshot('node-creator-app-after-trigger');
		expect(listed.slice(0, actions.length)).toEqual(expect.arrayContaining(actions));
		expect(listed).toEqual(expect.arrayContaining(events));
	});
});
