import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
	type INodePropertyOptions,
} from 'n8n-workflow';

import type { ApiChat } from '../protocol';
import { UNASSIGN } from '../resources/chat/update';
import { listTeammates } from '../resources/teammate/getMany';
import { chatsPage, getTimelinesAiCredentials, listWhatsappAccounts, secretsOf, toNodeError } from '../shared/http';

/** The editor's lists (chats, accounts, teammates): they read the public API, so they need the credential's API token. */

/** How a chat shows in the list: its name, and the phone (or "group") to tell namesakes apart. */
export function chatListLabel(chat: ApiChat): string {
	return `${chat.name} (${chat.is_group ? 'group' : chat.phone})`;
}

const CREATE_TOKEN = 'Create a token in TimelinesAI → Integrations → Public API and paste it into the TimelinesAI credential';

/** What a list says without a token, and how to fill the field without the list. */
const WITHOUT_TOKEN = {
	chats: {
		message: 'The chat list needs an API Token in the TimelinesAI credential',
		description: `${CREATE_TOKEN}, or choose "By ID" and type or map the chat's number.`,
	},
	accounts: {
		message: 'The list of WhatsApp accounts needs an API Token in the TimelinesAI credential',
		description: `${CREATE_TOKEN}, or switch this field to Expression and type the sending phone, e.g. +15105566777.`,
	},
	teammates: {
		message: 'The list of teammates needs an API Token in the TimelinesAI credential',
		description: `${CREATE_TOKEN}, or switch this field to Expression and type the teammate's email.`,
	},
} as const;

async function withApiToken<T>(
	context: ILoadOptionsFunctions,
	list: keyof typeof WITHOUT_TOKEN,
	read: () => Promise<T>,
): Promise<T> {
	const credentials = await getTimelinesAiCredentials(context);
	if (!credentials.apiToken) {
		throw new NodeOperationError(context.getNode(), WITHOUT_TOKEN[list].message, { description: WITHOUT_TOKEN[list].description });
	}
	try {
		return await read();
	} catch (error) {
		throw toNodeError(context.getNode(), error, secretsOf(credentials));
	}
}

/** "From list" of the Chat ID field: the chats whose name contains the search text, one API page per scroll. */
export async function searchChats(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken) || 1;
	const { chats, has_more_pages: hasMore } = await withApiToken(this, 'chats', async () => await chatsPage(this, filter?.trim() ? { name: filter.trim() } : {}, page));
	return {
		results: chats.map((chat) => ({ name: chatListLabel(chat), value: String(chat.id), url: chat.chat_url })),
		paginationToken: hasMore && chats.length > 0 ? String(page + 1) : undefined,
	};
}

export async function getWhatsappAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const accounts = await withApiToken(this, 'accounts', async () => await listWhatsappAccounts(this));
	return [
		{
			name: "Default (the Credential's Sender)",
			value: '',
			description: 'The Default Sender WhatsApp Phone of the credential; if that is empty, the account connected most recently',
		},
		...accounts.map((account) => ({
			name: `${account.account_name} (${account.phone})`,
			value: account.phone,
			description: `${account.owner_name}, ${account.status}`,
		})),
	];
}

/** The filter's list of accounts: the value is the account's ID (its JID), which `GET /chats` filters by. */
export async function getWhatsappAccountIds(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const accounts = await withApiToken(this, 'accounts', async () => await listWhatsappAccounts(this));
	return accounts.map((account) => ({
		name: `${account.account_name} (${account.phone})`,
		value: account.id,
		description: `${account.owner_name}, ${account.status}`,
	}));
}

/** "Name (email)" → email; Chat → Update's Responsible also offers Unassign, first. */
export async function getTeammates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const teammates = await withApiToken(this, 'teammates', async () => await listTeammates(this));
	const options = teammates.map((teammate) => ({
		name: teammate.name ? `${teammate.name} (${teammate.email})` : teammate.email,
		value: teammate.email,
		...(teammate.role ? { description: teammate.role } : {}),
	}));
	if (this.getCurrentNodeParameter('operation') !== 'update') return options;
	return [{ name: 'Unassign', value: UNASSIGN, description: 'Nobody is responsible for the chat any more' }, ...options];
}
