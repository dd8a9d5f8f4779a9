import type { SandboxContext } from './context';
import type { SandboxState } from './state';
import type { Chat } from './workspace';

/** Finding and creating chats: a first message to or from an unknown number or group creates one. */

export function digitsOf(phone: string): string {
	return phone.replace(/\D/g, '');
}

export function newChat(ctx: SandboxContext, fields: Pick<Chat, 'name' | 'jid' | 'phone' | 'isGroup' | 'accountId'>): Chat {
	const chat: Chat = {
		...fields,
		id: ctx.state.nextChatId++,
		responsible: null,
		createdAt: ctx.clock.now().toISOString(),
		permalinkId: ctx.random.uuid(),
		closed: false,
		read: false,
		labels: [],
		hasMessages: false,
		members: [],
		unattended: false,
		aiAgent: false,
		lastMessageUid: null,
		lastMessageAt: null,
	};
	ctx.state.chats.push(chat);
	return chat;
}

export function findOrCreateDirectChat(ctx: SandboxContext, accountId: string, phone: string, name?: string): Chat {
	const existing = ctx.state.chats.find((chat) => chat.accountId === accountId && !chat.isGroup && chat.phone === phone);
	if (existing) return existing;
	// An unknown number shows up under its phone until someone names the contact.
	return newChat(ctx, { name: name ?? phone, jid: `${digitsOf(phone)}@s.whatsapp.net`, phone, isGroup: false, accountId });
}

export function findOrCreateGroupChat(ctx: SandboxContext, accountId: string, jid: string, name: string): Chat {
	const existing = ctx.state.chats.find((chat) => chat.accountId === accountId && chat.jid === jid);
	return existing ?? newChat(ctx, { name, jid, phone: '', isGroup: true, accountId });
}

/** Marks the chat as having messages; true when this was its first one. */
export function takeNewChatFlag(chat: Chat): boolean {
	const isNew = !chat.hasMessages;
	chat.hasMessages = true;
	return isNew;
}

/** Gives a chat labels it does not have yet; names new to the workspace become workspace labels. */
export function addLabels(state: SandboxState, chat: Chat, names: string[]): void {
	for (const name of names) {
		if (!state.labels.includes(name)) state.labels.push(name);
		if (!chat.labels.includes(name)) chat.labels.push(name);
	}
}
