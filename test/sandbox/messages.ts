import type { SandboxContext } from './context';
import type { LegacyOutbound } from './outbound-legacy';
import type { V2Outbound } from './outbound-v2';
import { messageContext } from './payloads';
import { setStatus, type SandboxMessage } from './state';

/** Creating messages and announcing them to both outbound generations. */

export type MessageDraft = Omit<
	SandboxMessage,
	'uid' | 'messageId' | 'status' | 'statusHistory' | 'createdAt' | 'sentAt' | 'failure'
>;

export function createMessage(ctx: SandboxContext, draft: MessageDraft): SandboxMessage {
	const message: SandboxMessage = {
		...draft,
		uid: ctx.random.uuid(),
		messageId: `wa_backend:${ctx.random.hex(20).toUpperCase()}`,
		status: 'Pending',
		statusHistory: [],
		createdAt: ctx.clock.now().toISOString(),
	};
	ctx.state.messages.push(message);
	return message;
}

export interface Engines {
	legacy: LegacyOutbound;
	v2: V2Outbound;
}

/** A message that is now on WhatsApp (sent or received) becomes its chat's latest and goes to every outbound receiver. */
export function announce(ctx: SandboxContext, engines: Engines, message: SandboxMessage, isNewChat: boolean): void {
	const mc = messageContext(ctx, message, isNewChat);
	mc.chat.lastMessageUid = message.uid;
	mc.chat.lastMessageAt = message.sentAt ?? message.createdAt;
	// A contact's message waits for an answer and leaves the chat unread; an answer attends to it.
	mc.chat.unattended = message.direction === 'received';
	if (message.direction === 'received') mc.chat.read = false;
	engines.legacy.onMessage(mc);
	engines.v2.onMessage(mc);
}

export function findMessage(ctx: SandboxContext, id: string): SandboxMessage | undefined {
	return ctx.state.messages.find((message) => message.uid === id || message.messageId === id);
}

export function markSent(ctx: SandboxContext, message: SandboxMessage): void {
	const now = ctx.clock.now();
	message.sentAt = now.toISOString();
	setStatus(message, 'Sent', now);
	setStatus(message, 'Delivered', now);
}
