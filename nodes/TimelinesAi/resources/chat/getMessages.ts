import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { chatMessagesPageSchema } from '../../protocol';
import { toApiDateTime } from '../../shared/dates';
import { asText, readChoice } from '../../shared/errors';
import { readPages } from '../../shared/http';
import { FIELD } from '../../shared/display-names';
import { readMaxResults, returnAllAndLimit } from '../../shared/paging';
import { chatLocator, readChatId } from './locator';
import { chatRequest } from './requests';

/** Chat → Get Messages: a chat's history, one output item per message, newest first unless asked otherwise. */

export const option: INodePropertyOptions = {
	name: 'Get Messages',
	value: 'getMessages',
	action: 'Get messages of a chat',
	description:
		"Reads a chat's messages, newest first, one item per message; can keep only messages sent by us or received, or those before or after a time or a message. Needs the chat ID.",
};

const FROM_ME = { any: undefined, yes: true, no: false } as const;
const ORDERS = ['desc', 'asc'] as const;

export const fields: INodeProperties[] = [
	chatLocator(),
	...returnAllAndLimit,
	{
		displayName: FIELD.filters,
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: FIELD.after,
				name: 'after',
				type: 'dateTime',
				default: '',
				description: 'Only messages sent or received at this time or later (in the workflow\'s time zone unless the value names one)',
			},
			{
				displayName: FIELD.afterMessage,
				name: 'afterMessage',
				type: 'string',
				default: '',
				placeholder: 'c2d9a4f8-1b7e-4c3a-8d55-0e6f9b2a7c13',
				description: 'Only messages after this message (not the message itself): its uid, e.g. the message_uid from the TimelinesAI Trigger',
			},
			{
				displayName: FIELD.before,
				name: 'before',
				type: 'dateTime',
				default: '',
				description: 'Only messages sent or received at this time or earlier (in the workflow\'s time zone unless the value names one)',
			},
			{
				displayName: FIELD.beforeMessage,
				name: 'beforeMessage',
				type: 'string',
				default: '',
				placeholder: 'c2d9a4f8-1b7e-4c3a-8d55-0e6f9b2a7c13',
				description: 'Only messages before this message (not the message itself): its uid, e.g. the message_uid from the TimelinesAI Trigger',
			},
			{
				displayName: FIELD.fromMe,
				name: 'fromMe',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any', description: 'Messages sent and received' },
					{ name: 'No (Received)', value: 'no', description: 'Only messages the contact or group sent' },
					{ name: 'Yes (Sent by Us)', value: 'yes', description: 'Only messages sent from the WhatsApp account of the chat' },
				],
				default: 'any',
				description: 'Whether to keep only messages sent by us, or only received ones',
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
				displayName: FIELD.order,
				name: 'order',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: 'desc',
				description: 'In which order the messages come; with a Limit, which end of the history is read',
			},
		],
	},
];

/** The API's query for an item's filters and order; empty filters are left out. */
function readQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fromMe = FROM_ME[readChoice(filters.fromMe ?? 'any', Object.keys(FROM_ME) as Array<keyof typeof FROM_ME>, FIELD.fromMe)];
	const query: IDataObject = {
		from_me: fromMe,
		after: toApiDateTime(filters.after, FIELD.after, ctx.getTimezone()),
		before: toApiDateTime(filters.before, FIELD.before, ctx.getTimezone()),
		after_message: asText(filters.afterMessage, FIELD.afterMessage).trim() || undefined,
		before_message: asText(filters.beforeMessage, FIELD.beforeMessage).trim() || undefined,
		sorting_order: readChoice(options.order ?? 'desc', ORDERS, FIELD.order),
	};
	return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

export async function executeItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const chatId = readChatId(ctx, itemIndex);
	const limit = readMaxResults(ctx, itemIndex);
	const query = readQuery(ctx, itemIndex);
	const readPage = async (page: number) => {
		const { messages, has_more_pages: hasMore } = await chatRequest(
			ctx,
			chatId,
			{
				method: 'GET',
				path: `/chats/${chatId}/messages`,
				qs: { ...query, page },
				data: chatMessagesPageSchema,
				action: "reading the chat's messages",
			},
			{
				field: FIELD.filters,
				hint: 'Check the filters: a message uid must be of a message in this chat (e.g. the message_uid from the TimelinesAI Trigger), and After / Before a date and time.',
			},
		);
		return { items: messages as IDataObject[], hasMore };
	};
	return await readPages(readPage, limit);
}
