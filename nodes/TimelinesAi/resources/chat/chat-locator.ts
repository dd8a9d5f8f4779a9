import type { INodeProperties } from 'n8n-workflow';

import type { ApiChat } from '../../protocol';
import { CHAT_URL_REGEX } from '../../shared/parameters';

/** How a chat shows in the list: its name, and the phone (or "group") to tell namesakes apart. */
export function chatListLabel(chat: ApiChat): string {
	return `${chat.name} (${chat.is_group ? 'group' : chat.phone})`;
}

/** The Chat ID field of the TimelinesAI node: picked from a list (needs the API token), typed, or pasted as the chat's address. */
export function chatLocatorProperty(base: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'displayOptions'>): INodeProperties {
	return {
		...base,
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
	};
}
