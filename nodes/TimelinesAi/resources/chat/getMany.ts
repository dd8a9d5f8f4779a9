import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { toApiDateTime } from '../../shared/dates';
import { asText, InvalidInputError } from '../../shared/errors';
import { listChats, type ChatsQuery } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { readMaxResults, returnAllAndLimit } from '../../shared/paging';

/** Chat → Get Many: the workspace's chats that match every filter given, one output item per chat, newest message first. */

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many chats',
	description:
		'Lists chats and groups, newest message first, optionally filtered by name, phone, label, WhatsApp account, responsible teammate, group, read, closed, AI Agent or creation date. One result per chat, with its ID for the other chat operations.',
};

/** A yes/no filter that can also be left out ("Any"). */
function yesNoFilter(name: string, displayName: string, yes: string, no: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		options: [
			{ name: 'Any', value: 'any', description: 'Do not filter on this' },
			{ name: 'No', value: 'no', description: no },
			{ name: 'Yes', value: 'yes', description: yes },
		],
		default: 'any',
	};
}

export const fields: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: FIELD.filters,
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Only chats that match every filter added here',
		options: [
			yesNoFilter('aiAgentEnabled', FIELD.aiAgent, "Only chats whose AI Agent answers by itself", 'Only chats whose AI Agent is off'),
			yesNoFilter('closed', FIELD.closed, 'Only closed chats', 'Only open chats'),
			{
				displayName: FIELD.createdAfter,
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: "Only chats created after this time (in the workflow's time zone unless the value says otherwise)",
			},
			{
				displayName: FIELD.createdBefore,
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: "Only chats created before this time (in the workflow's time zone unless the value says otherwise)",
			},
			yesNoFilter('group', FIELD.group, 'Only group chats', 'Only direct chats with one person'),
			{
				displayName: FIELD.label,
				name: 'label',
				type: 'string',
				default: '',
				placeholder: 'lead, vip',
				description: 'Only chats with any of these labels (separate several with commas)',
			},
			{
				displayName: FIELD.memberPhone,
				name: 'whatsappPhone',
				type: 'string',
				default: '',
				placeholder: '+919812345678',
				description: 'Only the direct chat with this phone and the groups it is a member of (separate several with commas)',
			},
			{
				displayName: FIELD.nameContains,
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'Ravi',
				description:
					"Only chats whose name contains this text, in any case. Separate several with commas (any of them matches); a text with a space matches as a whole, e.g. 'Ravi Kumar'.",
			},
			{
				displayName: FIELD.phone,
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '+919812345678',
				description: 'Only the direct chats with this phone number: exactly when it starts with +, otherwise any number containing these digits',
			},
			yesNoFilter('read', FIELD.read, 'Only chats without unread messages', 'Only chats with unread messages'),
			{
				displayName: FIELD.responsible,
				name: 'responsible',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTeammates' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				hint: "Only chats assigned to this teammate. An expression gives a teammate's email (several separated by commas).",
			},
			{
				displayName: FIELD.whatsappAccount,
				name: 'whatsappAccountId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getWhatsappAccountIds' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				hint: "Only chats of this connected WhatsApp account. An expression gives the account's ID (15105566777@s.whatsapp.net) or its phone (+15105566777).",
			},
		],
	},
	{
		displayName: FIELD.options,
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: FIELD.includeLastMessage,
				name: 'includeLastMessage',
				type: 'boolean',
				default: false,
				description: "Whether to add each chat's last message (text, time, sender) as last_message",
			},
		],
	},
];

const YES_NO: Record<string, boolean | undefined> = { any: undefined, yes: true, no: false, true: true, false: false };

function readYesNo(value: unknown, label: string): boolean | undefined {
	if (value === undefined || value === '') return undefined;
	const key = String(value).trim().toLowerCase();
	if (key in YES_NO) return YES_NO[key];
	throw new InvalidInputError(label, `${JSON.stringify(value)} is not a choice. Use any, yes or no (or true / false).`);
}

/** A comma list as the API takes it: parts trimmed, empty parts dropped. */
function commaList(value: unknown, label: string): string | undefined {
	const parts = asText(value, label)
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
	return parts.length ? parts.join(',') : undefined;
}

/** An account's ID is its JID; its phone (+15105566777) is accepted too, as that is how people know it. */
function accountIds(value: unknown): string | undefined {
	const list = commaList(value, FIELD.whatsappAccount);
	return list
		?.split(',')
		.map((part) => (/^\+?[\d\s()-]+$/.test(part) ? `${part.replace(/\D/g, '')}@s.whatsapp.net` : part))
		.join(',');
}

/** The Filters of an item as `GET /chats` query parameters; filters left empty are left out. */
function readChatsQuery(ctx: IExecuteFunctions, itemIndex: number): ChatsQuery {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const timeZone = ctx.getTimezone();
	const query: ChatsQuery = {
		name: commaList(filters.name, FIELD.nameContains),
		phone: asText(filters.phone, FIELD.phone).trim() || undefined,
		label: commaList(filters.label, FIELD.label),
		whatsapp_account_id: accountIds(filters.whatsappAccountId),
		whatsapp_phone: commaList(filters.whatsappPhone, FIELD.memberPhone),
		responsible: commaList(filters.responsible, FIELD.responsible),
		group: readYesNo(filters.group, FIELD.group),
		read: readYesNo(filters.read, FIELD.read),
		closed: readYesNo(filters.closed, FIELD.closed),
		chatgpt_autoresponse_enabled: readYesNo(filters.aiAgentEnabled, FIELD.aiAgent),
		created_after: toApiDateTime(filters.createdAfter, FIELD.createdAfter, timeZone),
		created_before: toApiDateTime(filters.createdBefore, FIELD.createdBefore, timeZone),
		with_msg: options.includeLastMessage === true ? true : undefined,
	};
	return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listChats(ctx, readChatsQuery(ctx, itemIndex), readMaxResults(ctx, itemIndex));
}
