import type { ZodIssue } from 'zod';

import { acceptSend, type SendOrder } from './accept';
import type { SandboxContext } from './context';
import { isPlainObject, json, parseJson, type Reply, type SandboxRequest } from './http';
import type { Outbox } from './outbox';
import {
	givenRecipientFields,
	hasFile,
	inboundSendRequestSchema,
	SENDER_ACCOUNT_KEY,
	type InboundSendRequest,
	type WhatsappAccount,
} from './spec-schemas';
import { defaultSender, pushNewest, takeRateLimit } from './state';
import type { Chat } from './workspace';

/** `POST <inbound URL>`: validated as strictly as TimelinesAI does, then queued. */

export const INBOUND_PATH = '/integrations/webhook';
export const ATTEMPTS_SIZE = 10;
export const INBOUND_LOG_SIZE = 100;
const LOGGED_BODY_CHARS = 10_000;

type Refusal = { status: number; error: string };

function refusal(status: number, message: string): Reply {
	return json(status, { status, data: {}, message });
}

/** A field as the user would type it: the sender key is quoted, since it has spaces in it. */
function fieldName(issue: ZodIssue): string {
	if (!issue.path.length) return 'body';
	const key = String(issue.path[0]);
	return key.includes(' ') ? `"${key}"` : key;
}

function describeIssue(issue: ZodIssue): string {
	const field = fieldName(issue);
	const missing = (issue.code === 'invalid_type' || issue.code === 'invalid_literal') && issue.received === undefined;
	if (missing || (issue.code === 'invalid_type' && issue.received === 'undefined')) return `${field} is required`;
	if (issue.code === 'invalid_type') return `${field} must be a ${issue.expected}, got ${issue.received}`;
	if (issue.code === 'invalid_literal') return `${field} must be "send" (the only action that exists)`;
	// chat_id is the only field that takes two types.
	if (issue.code === 'invalid_union') return `${field} must be the chat's number (as in its URL), e.g. 20451188`;
	return issue.message;
}

function senderAccount(ctx: SandboxContext, body: InboundSendRequest): WhatsappAccount | Refusal {
	const phone = body[SENDER_ACCOUNT_KEY];
	if (phone === undefined || phone === '') {
		return defaultSender(ctx.state) ?? { status: 400, error: 'No WhatsApp account is connected to this workspace' };
	}
	const account = ctx.state.accounts.find((candidate) => candidate.phone === phone);
	if (!account) {
		return {
			status: 400,
			error: `"${SENDER_ACCOUNT_KEY}" ${phone} is not a WhatsApp account of this workspace; use the international phone of a connected account, or leave it out to send from the default one`,
		};
	}
	if (account.status !== 'active') return { status: 400, error: `The WhatsApp account ${phone} is ${account.status}` };
	return account;
}

const JID_PATTERN = /^(\d{5,20})@(s\.whatsapp\.net|g\.us)$/;

function oneChat(chats: Chat[], what: string): Chat | Refusal {
	if (chats.length === 1) return chats[0];
	return chats.length === 0
		? { status: 400, error: `No chat found with ${what}` }
		: { status: 400, error: `Several chats match ${what}; use chat_id to pick one` };
}

/** Finds the recipient; a phone or direct JID without a chat yet is resolved when the message leaves. */
function recipient(ctx: SandboxContext, body: InboundSendRequest): Omit<SendOrder, 'text' | 'via' | 'origin'> | Refusal {
	const { chats } = ctx.state;
	// The schema let exactly one recipient field through; empty ones count as absent.
	const [field] = givenRecipientFields(body);
	if (field === 'chat_id') {
		const id = String(body.chat_id);
		if (!/^\d+$/.test(id)) return { status: 400, error: `chat_id must be a number (the id in the chat's URL), got "${id}"` };
		const chat = oneChat(chats.filter((candidate) => candidate.id === Number(id)), `chat_id ${id}`);
		// A chat belongs to one account, so "whatsapp account phone" is ignored here.
		return 'error' in chat ? chat : { chatId: chat.id, accountId: chat.accountId };
	}
	const account = senderAccount(ctx, body);
	if ('error' in account) return account;
	const own = chats.filter((chat) => chat.accountId === account.id);
	if (field === 'chat_name') {
		const chat = oneChat(own.filter((candidate) => candidate.name === body.chat_name), `the name "${body.chat_name}" on account ${account.phone}`);
		return 'error' in chat ? chat : { chatId: chat.id, accountId: account.id };
	}
	if (field === 'jid' && body.jid !== undefined) {
		const match = JID_PATTERN.exec(body.jid);
		if (!match) {
			return { status: 400, error: `jid must look like 14155550100@s.whatsapp.net (a contact) or 120363012345678901@g.us (a group), got "${body.jid}"` };
		}
		const chat = own.find((candidate) => candidate.jid === body.jid);
		if (chat) return { chatId: chat.id, accountId: account.id };
		if (match[2] === 'g.us') return { status: 400, error: `No group chat found with jid ${body.jid} on account ${account.phone}` };
		return { chatId: null, targetPhone: `+${match[1]}`, accountId: account.id };
	}
	return { chatId: null, targetPhone: body.phone, accountId: account.id };
}

function handleSend(ctx: SandboxContext, outbox: Outbox, req: SandboxRequest): Reply {
	if (req.method !== 'POST') return refusal(405, 'Use POST with a JSON body to send a message');
	const wait = takeRateLimit(ctx.state.inbound.rateLimits, ctx.state.inbound.callTimes, ctx.clock.nowMs());
	if (wait !== null) {
		const reply = refusal(429, `Too many requests for this webhook URL: retry after ${wait} seconds`);
		return { ...reply, headers: { 'retry-after': String(wait) } };
	}
	const raw = parseJson(req.body);
	if (!isPlainObject(raw)) return refusal(400, 'The request body must be a JSON object, e.g. {"action": "send", "phone": "+14155550100", "text": "Hi"}');
	const parsed = inboundSendRequestSchema.safeParse(raw);
	if (!parsed.success) return refusal(400, parsed.error.issues.map(describeIssue).join('; '));
	const target = recipient(ctx, parsed.data);
	if ('error' in target) return refusal(target.status, target.error);
	const { text, file_url: fileUrl, file_name: fileName } = parsed.data;
	const accepted = acceptSend(ctx, outbox, {
		...target,
		text,
		...(hasFile(parsed.data) ? { fileUrl, fileName } : {}),
		via: 'inbound',
		origin: 'Inbound webhook',
	});
	if ('error' in accepted) return refusal(accepted.status, accepted.error);
	return json(200, { status: 'success', data: { message_id: accepted.message.messageId } });
}

/** Unknown, disabled and regenerated URLs all look the same: "Webhook not found". */
export function handleInbound(ctx: SandboxContext, outbox: Outbox, req: SandboxRequest): Reply {
	const token = req.path.slice(INBOUND_PATH.length + 1);
	const { inbound } = ctx.state;
	if (!inbound.enabled || token !== inbound.token) return refusal(404, 'Webhook not found');
	const reply = handleSend(ctx, outbox, req);
	const at = ctx.clock.now().toISOString();
	const body = reply.body as { message?: string; data?: { message_id?: string } };
	const messageId = body.data?.message_id;
	pushNewest(inbound.attempts, { at, status: reply.status, message: body.message ?? 'Accepted', ...(messageId ? { messageId } : {}) }, ATTEMPTS_SIZE);
	pushNewest(
		inbound.log,
		{ at, request: req.body.toString('utf8').slice(0, LOGGED_BODY_CHARS), response: { status: reply.status, body: reply.body } },
		INBOUND_LOG_SIZE,
	);
	return reply;
}
