import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MAX_CHAT_NAME_LENGTH, type ChatUpdate } from '../../protocol';
import { asText, InvalidInputError } from '../../shared/errors';
import { FIELD } from '../../shared/display-names';
import { refusalOfField, retellRefusal } from '../../shared/refusals';
import { chatLocator, readChatId } from './locator';
import { updateChat } from './requests';

/** Chat → Update: rename a chat, assign or unassign it, close or reopen it, mark it read or unread, switch its AI Agent. */

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	action: 'Update a chat',
	description:
		'Changes one chat by its ID: renames it, assigns it to a teammate (by email) or unassigns it, closes or reopens it, marks it read or unread, or switches its AI Agent on or off. Returns the updated chat.',
};

/** The Responsible choice that takes the chat away from whoever has it. */
export const UNASSIGN = '__unassign__';

/** It changes TimelinesAI: a failed run says which items were done (`per-item.ts`). */
export const writes = true;

/** The button n8n shows under Update Fields; the error for an empty collection names it. */
const ADD_FIELD = 'Add field';

export const fields: INodeProperties[] = [
	chatLocator(),
	{
		displayName: FIELD.updateFields,
		name: 'updateFields',
		type: 'collection',
		placeholder: ADD_FIELD,
		default: {},
		description: 'What to change; what is not added here stays as it is',
		options: [
			{
				displayName: FIELD.aiAgent,
				name: 'aiAgentEnabled',
				type: 'boolean',
				default: true,
				description: "Whether the chat's AI Agent answers by itself (on) or leaves the chat to people (off)",
			},
			{
				displayName: FIELD.closed,
				name: 'closed',
				type: 'boolean',
				default: true,
				description: 'Whether to close the chat (on) or reopen it (off)',
			},
			{
				displayName: FIELD.name,
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'Ravi Kumar (Acme)',
				description: `The chat's new name: at most ${MAX_CHAT_NAME_LENGTH} characters, and no other chat of the workspace may have it`,
			},
			{
				displayName: FIELD.read,
				name: 'read',
				type: 'boolean',
				default: true,
				description: 'Whether to mark the chat as read (on) or unread (off)',
			},
			{
				displayName: FIELD.responsible,
				name: 'responsible',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTeammates' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				hint: "The teammate who handles the chat from now on, or Unassign. An expression gives a teammate's email.",
			},
		],
	},
];

function readSwitch(value: unknown, label: string): boolean | undefined {
	if (value === undefined) return undefined;
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw new InvalidInputError(label, `${JSON.stringify(value)} is not on or off. Map true or false, e.g. {{ $json.closed }}.`);
}

function readName(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	const name = asText(value, FIELD.name).trim();
	if (name === '') throw new InvalidInputError(FIELD.name, 'is empty, but a chat needs a name. Type the new name, or remove Name from Update Fields to keep the current one.');
	if (name.length > MAX_CHAT_NAME_LENGTH) {
		throw new InvalidInputError(FIELD.name, `has ${name.length} characters; TimelinesAI takes at most ${MAX_CHAT_NAME_LENGTH}. Shorten it, e.g. {{ $json.name.slice(0, ${MAX_CHAT_NAME_LENGTH}) }}.`);
	}
	return name;
}

/** A teammate's email, or "" (Unassign). */
function readResponsible(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	const email = asText(value, FIELD.responsible).trim();
	if (email === UNASSIGN) return '';
	if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
		const got = email === '' ? 'is empty' : `${JSON.stringify(email)} is not an email`;
		throw new InvalidInputError(FIELD.responsible, `${got}. Pick a teammate or Unassign from the list, or map a teammate's email, e.g. maya@example.com.`);
	}
	return email;
}

/** What to send in `PATCH /chats/{id}`: only the fields the user added. */
function readChatUpdate(updateFields: IDataObject): ChatUpdate {
	const update: ChatUpdate = {
		name: readName(updateFields.name),
		responsible: readResponsible(updateFields.responsible),
		closed: readSwitch(updateFields.closed, FIELD.closed),
		read: readSwitch(updateFields.read, FIELD.read),
		chatgpt_autoresponse_enabled: readSwitch(updateFields.aiAgentEnabled, FIELD.aiAgent),
	};
	const given = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
	if (Object.keys(given).length === 0) {
		throw new InvalidInputError(
			FIELD.updateFields,
			`is empty, so there is nothing to change. Click ${ADD_FIELD} and choose what to change: ${[FIELD.name, FIELD.responsible, FIELD.closed, FIELD.read, FIELD.aiAgent].join(', ')}.`,
		);
	}
	return given;
}

/** TimelinesAI refuses a value (a name another chat has, an email that is no teammate's): say where to change it. */
const REFUSAL_HINT =
	'Change the value TimelinesAI names: chat names are unique in a workspace, and Responsible must be a teammate of the workspace (see Teammate → Get Many).';

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const chatId = readChatId(ctx, itemIndex);
	const update = readChatUpdate(ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	return [await retellRefusal(updateChat(ctx, chatId, update), [400, 422], (refusal) => refusalOfField(refusal, FIELD.updateFields, REFUSAL_HINT))];
}
