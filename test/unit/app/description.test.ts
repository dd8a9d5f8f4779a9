import { NodeHelpers, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

import { TimelinesAi } from '../../../nodes/TimelinesAi/TimelinesAi.node';
import { TimelinesAiSend } from '../../../nodes/TimelinesAi/TimelinesAiSend.node';
import { TimelinesAiTrigger } from '../../../nodes/TimelinesAi/TimelinesAiTrigger.node';
import { chatListLabel } from '../../../nodes/TimelinesAi/methods/pickers';
import { CHAT_URL_REGEX, locatorValue } from '../../../nodes/TimelinesAi/resources/chat/locator';

const app = new TimelinesAi().description;
const legacy = new TimelinesAiSend().description;
const trigger = new TimelinesAiTrigger().description;

/** The field named `name`; in the app node, where operations share field names (`options`), the one of `operation`. */
function field(description: INodeTypeDescription, name: string, operation = 'send'): INodeProperties {
	const ofOperation = (property: INodeProperties) => property.displayOptions?.show?.operation?.includes(operation) ?? true;
	const found = description.properties.find((property) => property.name === name && ofOperation(property));
	if (!found) throw new Error(`no field ${name}`);
	return found;
}

describe('one TimelinesAI app in the node creator', () => {
	it("the action node's type is the trigger's without \"Trigger\", which is how n8n merges an app's actions and triggers", () => {
		expect(trigger.name.replace('Trigger', '')).toBe(app.name);
		expect(app.displayName).toBe('TimelinesAI');
		expect(app.group).not.toContain('trigger');
		expect(trigger.group).toContain('trigger');
	});

	it('lists the actions by their action names, per resource (and node version where they differ)', () => {
		const operations = app.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as INodePropertyOptions[]).map((option) => [
					property.displayOptions?.show?.resource?.[0],
					property.displayOptions?.show?.['@version'] ?? 'every version',
					option.value,
					option.action,
				]),
			);
		expect(operations).toEqual([
			// Newest version first: the node creator offers the first list that matches.
			['chat', [1.1], 'addLabels', 'Add labels to a chat'],
			['chat', [1.1], 'addNote', 'Add a note to a chat'],
			['chat', [1.1], 'get', 'Get a chat'],
			['chat', [1.1], 'getLabels', 'Get the labels of a chat'],
			['chat', [1.1], 'getMany', 'Get many chats'],
			['chat', [1.1], 'getMessages', 'Get messages of a chat'],
			['chat', [1.1], 'setLabels', 'Set the labels of a chat'],
			['chat', [1.1], 'update', 'Update a chat'],
			['chat', [1], 'addLabels', 'Add labels to a chat'],
			['chat', [1], 'addNote', 'Add a note to a chat'],
			['chat', [1], 'find', 'Find a chat'],
			['chat', [1], 'get', 'Get a chat'],
			['chat', [1], 'getLabels', 'Get the labels of a chat'],
			['chat', [1], 'getMany', 'Get many chats'],
			['chat', [1], 'getMessages', 'Get messages of a chat'],
			['chat', [1], 'setLabels', 'Set the labels of a chat'],
			['chat', [1], 'update', 'Update a chat'],
			['file', 'every version', 'upload', 'Upload a file'],
			['message', 'every version', 'get', 'Get a message'],
			['message', 'every version', 'getStatus', 'Get message status'],
			['message', 'every version', 'react', 'React to a message'],
			['message', 'every version', 'reply', 'Reply in a chat'],
			['message', 'every version', 'send', 'Send a message'],
			['teammate', 'every version', 'getMany', 'Get many teammates'],
			['whatsappAccount', 'every version', 'getMany', 'Get many WhatsApp accounts'],
			['workspace', 'every version', 'get', 'Get the workspace'],
		]);
	});

	it('new nodes are version 1.1, which offers Get Many for chats; a saved version 1 node still opens on Find', () => {
		// n8n gives a new node the last version when there is no defaultVersion (which would cost the Custom API Call entries).
		expect(app).toMatchObject({ version: [1, 1.1] });
		expect(app.defaultVersion).toBeUndefined();
		// n8n leaves default values out of saved workflows: a Find node saved at version 1 has no `operation`.
		const resolved = (typeVersion: number) => NodeHelpers.getNodeParameters(app.properties, { resource: 'chat' }, true, false, { typeVersion }, app);
		expect(resolved(1)).toMatchObject({ resource: 'chat', operation: 'find', nameContains: '', ifNothingFound: 'nothing' });
		expect(resolved(1.1)).toMatchObject({ resource: 'chat', operation: 'getMany', returnAll: false, limit: 50, filters: {} });
	});

	it('every action has a description an AI agent can act on', () => {
		const options = app.properties.filter((property) => property.name === 'operation').flatMap((property) => property.options as INodePropertyOptions[]);
		for (const option of options) expect(option.description).toMatch(/^[A-Z].{40,}/);
	});

	it.each([
		['addLabels', ['chatId', 'labels']],
		['setLabels', ['chatId', 'labels']],
		['getLabels', ['chatId']],
		['addNote', ['chatId', 'text', 'options.htmlToText', 'options.isPrivate']],
		[
			'getMessages',
			['chatId', 'returnAll', 'limit', 'filters.after', 'filters.afterMessage', 'filters.before', 'filters.beforeMessage', 'filters.fromMe', 'options.order'],
		],
	])('Chat → %s has the field names of the operations contract', (operation, names) => {
		const fields = app.properties.filter(
			(property) => property.displayOptions?.show?.resource?.includes('chat') && property.displayOptions.show.operation?.includes(operation),
		);
		const inside = (property: INodeProperties) => (property.options as INodeProperties[]).map((option) => `${property.name}.${option.name}`);
		expect(fields.flatMap((property) => (property.type === 'collection' ? inside(property) : [property.name]))).toEqual(names);
	});

	it('names the trigger\'s events as the node creator lists them', () => {
		const actions = (field(trigger, 'events').options as INodePropertyOptions[]).map((option) => option.action);
		expect(actions).toEqual(expect.arrayContaining(['Message received', 'WhatsApp account connected', 'Missed call', 'Message received or sent']));
		expect(actions.some((action) => action?.startsWith('On '))).toBe(false);
	});

	it('keeps the older TimelinesAI Send node loadable but out of the node creator', () => {
		expect(legacy).toMatchObject({ name: 'timelinesAiSend', version: 1, hidden: true, usableAsTool: true });
		expect(app.hidden).toBeUndefined();
	});

	it('gives Message → Send the same field names as the older node, so both run the same code', () => {
		const sendFields = app.properties.filter((property) => property.displayOptions?.show?.operation?.includes('send')).map((property) => property.name);
		const legacyFields = legacy.properties.filter((property) => property.type !== 'notice').map((property) => property.name);
		expect(sendFields).toEqual(legacyFields);
	});
});

describe('pickers', () => {
	it('Chat ID is a resource locator: from the list, by ID, by URL', () => {
		const chatId = field(app, 'chatId');
		expect(chatId.type).toBe('resourceLocator');
		expect(chatId.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchChats'],
			['id', undefined],
			['url', undefined],
		]);
		expect(field(legacy, 'chatId').type).toBe('string');
	});

	it('Sender WhatsApp Phone is a dropdown of the connected accounts', () => {
		const sender = (field(app, 'options', 'send').options as INodeProperties[]).find((option) => option.name === 'senderPhone');
		expect(sender).toMatchObject({ type: 'options', typeOptions: { loadOptionsMethod: 'getWhatsappAccounts' }, default: '' });
	});

	it.each([
		['https://app.timelines.ai/chat/20451188/messages/', '20451188'],
		['https://app.timelines.ai/chat/77234', '77234'],
		['http://127.0.0.1:5690/chats/42?tab=info', '42'],
	])('the By URL pattern takes the chat id from %s', (url, id) => {
		expect(new RegExp(CHAT_URL_REGEX).exec(url)?.[1]).toBe(id);
	});

	it.each(['https://app.timelines.ai/contacts/20451188', 'app.timelines.ai/chat/1', 'https://app.timelines.ai/chat/abc'])('and refuses %s', (url) => {
		expect(new RegExp(CHAT_URL_REGEX).test(url)).toBe(false);
	});

	it('a chat shows with its phone, a group as "group"', () => {
		const chat = { id: 1, name: 'Ravi', jid: '', phone: '+919812345678', whatsapp_account_id: '', chat_url: '' };
		expect(chatListLabel({ ...chat, is_group: false })).toBe('Ravi (+919812345678)');
		expect(chatListLabel({ ...chat, is_group: true })).toBe('Ravi (group)');
	});

	it.each([
		[{ __rl: true, mode: 'list', value: '20451188' }, '20451188'],
		['20451188', '20451188'],
		[77234, 77234],
		[undefined, undefined],
	])('the value of a locator or a plain field: %p', (raw, value) => {
		expect(locatorValue(raw)).toBe(value);
	});
});

describe('Send panel', () => {
	it.each([
		['url', true],
		['binary', false],
		['none', false],
	])('Check File Link shows for attachment "%s": %p', (attachment, shown) => {
		for (const description of [app, legacy]) {
			const checkFileLink = (field(description, 'options', 'send').options as INodeProperties[]).find((option) => option.name === 'checkFileLink')!;
			const parameters = { resource: 'message', operation: 'send', attachment, options: {} };
			expect(NodeHelpers.displayParameterPath(parameters, checkFileLink, 'options', { typeVersion: 1 }, description)).toBe(shown);
		}
	});
});
