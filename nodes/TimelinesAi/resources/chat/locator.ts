import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asText, InvalidInputError } from '../../shared/errors';
import { FIELD } from '../../shared/display-names';

/**
 * The Chat field every chat operation shares (a resource locator: picked from a list, typed, or pasted as the
 * chat's address), and reading it back as TimelinesAI's chat id.
 */

/**
 * A chat's address in TimelinesAI, e.g. https://app.timelines.ai/chat/20451188/messages/: the number is the chat's ID.
 * One pattern for the editor's By URL check and for reading a pasted address, so neither takes what the other refuses.
 */
export const CHAT_URL_REGEX = '^https?://\\S*/chats?/(\\d{1,18})(?:[/?#]\\S*)?$';

const CHAT_URL = new RegExp(CHAT_URL_REGEX, 'i');

/** The Chat ID field (named `chatId`); `overrides` adds e.g. `displayOptions` or a description. */
export function chatLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: FIELD.chatId,
		name: 'chatId',
		description: "The chat's number in TimelinesAI: the number in the chat's address, or the chat's ID in the TimelinesAI Trigger's output",
		// Picked from a list (needs the API token), typed, or pasted as the chat's address.
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a chat…',
				typeOptions: { searchListMethod: 'searchChats', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '20451188',
				hint: "The chat's number, e.g. {{ $json.chat.id }} from the TimelinesAI Trigger",
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.timelines.ai/chat/20451188/messages/',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: CHAT_URL_REGEX,
							errorMessage: "Paste the chat's address from TimelinesAI, e.g. https://app.timelines.ai/chat/20451188/messages/",
						},
					},
				],
			},
		],
		...overrides,
	};
}

/**
 * The value of a field that is a resource locator in the TimelinesAI node (`{ __rl, mode, value }`) and plain
 * text in the older TimelinesAI Send node. Read without n8n's `extractValue`, so that a pasted address that
 * is not a chat's gets our own error naming the item, the field and the fix.
 */
export function locatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && '__rl' in value && 'value' in value) return value.value;
	return value;
}

/** How many values a field holds when someone pasted a list (commas, semicolons, lines). */
export function multipleValues(value: string): number {
	return value.split(/[,;\n]/).filter((part) => part.trim() !== '').length;
}

/** A chat id is a number; people often paste the chat's address, which ends with it. */
export function toChatId(value: string, label: string = FIELD.chatId): string {
	if (/^\d{1,18}$/.test(value)) return value;
	const fromUrl = CHAT_URL.exec(value);
	if (fromUrl) return fromUrl[1];
	const quoted = JSON.stringify(value);
	if (multipleValues(value) > 1) {
		throw new InvalidInputError(label, `${quoted} holds more than one chat id, but each item takes one chat. Split them into one item each first.`);
	}
	throw new InvalidInputError(
		label,
		`${quoted} is not a chat id. A chat id is a number such as 77234: open the chat in TimelinesAI and copy the number from its address.`,
	);
}

/** The chat id in an item's Chat ID field (`chatId` unless named otherwise), as the number the API takes. */
export function readChatId(ctx: IExecuteFunctions, itemIndex: number, name = 'chatId', label: string = FIELD.chatId): number {
	const value = asText(locatorValue(ctx.getNodeParameter(name, itemIndex, '')), label).trim();
	if (value === '') {
		throw new InvalidInputError(label, 'is empty. Pick a chat from the list, or map its id, e.g. {{ $json.chat_id }}.');
	}
	return Number(toChatId(value, label));
}
