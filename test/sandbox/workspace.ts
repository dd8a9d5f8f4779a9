import type { WhatsappAccount } from './spec-schemas';

/**
 * The seeded workspace: the people and chats of the spec's fixtures, on two connected accounts.
 * Northwind Support was connected last, so it is the default sender.
 */

export interface Teammate {
	name: string;
	email: string;
}

export interface WorkspaceTeammate extends Teammate {
	role: 'owner' | 'admin' | 'member';
}

export interface Chat {
	id: number;
	name: string;
	jid: string;
	/** Empty for groups. */
	phone: string;
	isGroup: boolean;
	accountId: string;
	responsible: Teammate | null;
	createdAt: string;
	/** Id of the "open the conversation" link in bundle HTML. */
	permalinkId: string;
	closed: boolean;
	read: boolean;
	labels: string[];
	/** A chat without messages yet is reported as new (`is_new_chat`, `chat:new`) with its first message. */
	hasMessages: boolean;
	/** Members who write in a group, for simulated messages. */
	members: string[];
	/** Phones of group members, by name, where known (`group_members`, the `whatsapp_phone` filter). */
	memberPhones?: Record<string, string>;
	/** The last message (sent or received) is one from the contact that nobody answered yet. */
	unattended: boolean;
	/** The chat's AI Agent switch (`chatgpt_autoresponse_enabled`). */
	aiAgent: boolean;
	/** The latest message on WhatsApp; a seeded chat's history predates the sandbox, so it has a time but no uid. */
	lastMessageUid: string | null;
	lastMessageAt: string | null;
}

export const MAYA: Teammate = { name: 'Maya Ortiz', email: 'maya@northwind.example' };
export const JON: Teammate = { name: 'Jon Park', email: 'jon@northwind.example' };
export const ANA: Teammate = { name: 'Ana Costa', email: 'ana@northwind.example' };

/** Maya owns the workspace; the API token is Jon's (he uploads the files sent through the API). */
export const SEEDED_TEAMMATES: readonly WorkspaceTeammate[] = [
	{ ...MAYA, role: 'owner' },
	{ ...JON, role: 'admin' },
	{ ...ANA, role: 'member' },
];
export const API_TOKEN_OWNER = JON;

export const SEEDED_ACCOUNTS: readonly WhatsappAccount[] = [
	{
		id: '15105566777@s.whatsapp.net',
		phone: '+15105566777',
		status: 'active',
		account_name: 'Northwind Sales',
		owner_name: MAYA.name,
		owner_email: MAYA.email,
		connected_on: '2025-09-14T08:00:00Z',
	},
	{
		id: '14155550123@s.whatsapp.net',
		phone: '+14155550123',
		status: 'active',
		account_name: 'Northwind Support',
		owner_name: JON.name,
		owner_email: JON.email,
		connected_on: '2026-01-20T10:30:00Z',
	},
];

const SALES = SEEDED_ACCOUNTS[0].id;
const SUPPORT = SEEDED_ACCOUNTS[1].id;
const SEEDED_AT = '2025-10-01T09:00:00Z';

type SeededChatState = Partial<Pick<Chat, 'closed' | 'read' | 'labels' | 'unattended' | 'aiAgent' | 'memberPhones'>> & Pick<Chat, 'lastMessageAt'>;

/** Seeded chats differ in read, closed, unattended and labels, so filters like "unread for N hours" have something to find. */
function chat(fields: Omit<Chat, keyof SeededChatState | 'createdAt' | 'hasMessages' | 'lastMessageUid'>, state: SeededChatState): Chat {
	return {
		...fields,
		createdAt: SEEDED_AT,
		closed: false,
		read: true,
		labels: [],
		hasMessages: true,
		unattended: false,
		aiAgent: false,
		lastMessageUid: null,
		...state,
	};
}

export const SEEDED_CHATS: readonly Chat[] = [
	chat({
		id: 20451188,
		name: 'Ravi Kumar',
		jid: '919812345678@s.whatsapp.net',
		phone: '+919812345678',
		isGroup: false,
		accountId: SALES,
		responsible: MAYA,
		permalinkId: '5d0c7a21-8e4b-4f63-b1a2-7c9e0d3f4a58',
		members: [],
	}, { labels: ['lead'], read: false, unattended: true, lastMessageAt: '2025-11-03T16:20:00.000Z' }),
	chat({
		id: 20451377,
		name: 'Store pickup team',
		jid: '120363012345678901@g.us',
		phone: '',
		isGroup: true,
		accountId: SALES,
		responsible: null,
		permalinkId: '0b7e2c94-5d1a-4f3e-8c62-9a4d7e1f0b35',
		members: ['Lena Fischer', 'Ravi Kumar'],
	}, {
		labels: ['store'],
		memberPhones: { 'Lena Fischer': '+4915112345678', 'Ravi Kumar': '+919812345678' },
		lastMessageAt: '2025-11-03T12:05:00.000Z',
	}),
	chat({
		id: 20451240,
		name: 'Priya Nair',
		jid: '447911123456@s.whatsapp.net',
		phone: '+447911123456',
		isGroup: false,
		accountId: SUPPORT,
		responsible: JON,
		permalinkId: '7f3a9c1e-2b6d-4e80-a5f4-3c8e1d9b6a27',
		members: [],
	}, { labels: ['customer', 'vip'], read: false, aiAgent: true, lastMessageAt: '2025-11-02T09:40:00.000Z' }),
	chat({
		id: 20451401,
		name: 'Weekend crew',
		jid: '120363099887766554@g.us',
		phone: '',
		isGroup: true,
		accountId: SUPPORT,
		responsible: null,
		permalinkId: 'c4e81f07-9a3b-4d2c-b6e5-1f0a7d3c9e84',
		members: ['Tomás Silva', 'Priya Nair'],
	}, {
		closed: true,
		memberPhones: { 'Tomás Silva': '+351912345678', 'Priya Nair': '+447911123456' },
		lastMessageAt: '2025-10-28T18:00:00.000Z',
	}),
];

/** Labels of the workspace; a label given to a chat that does not exist yet is created. */
export const SEEDED_LABELS: readonly string[] = ['lead', 'store', 'customer', 'vip'];

/** Chats created later (first message to or from an unknown number) get ids from here on. */
export const FIRST_NEW_CHAT_ID = 20451502;

/** Well-formed numbers that have no WhatsApp account: sends to them are accepted, then fail. */
export const SEEDED_NOT_ON_WHATSAPP = ['+12025550100'];
