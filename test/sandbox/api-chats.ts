import { error, notFound, ok, parseBody, unprocessable } from './api-replies';
import { addLabels, digitsOf } from './chats';
import { chatUrl, type SandboxContext } from './context';
import type { Reply, RouteTable, SandboxRequest } from './http';
import type { Engines } from './messages';
import { messageDetails } from './payloads';
import {
	labelsRequestSchema,
	noteRequestSchema,
	updateChatRequestSchema,
	type ApiChat,
	type ApiNote,
} from './spec-schemas';
import { chatById, type ChatNote, type SandboxMessage } from './state';
import { API_TOKEN_OWNER, type Chat } from './workspace';

/** The public API's chats: the filtered list, one chat, its update, labels, notes and history ("More of the public API"). */

export const CHATS_PAGE_SIZE = 50;
export const MESSAGES_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60_000;


export function apiChat(chat: Chat): ApiChat {
	return {
		id: chat.id,
		name: chat.name,
		phone: chat.isGroup ? null : chat.phone,
		jid: chat.jid,
		is_group: chat.isGroup,
		closed: chat.closed,
		read: chat.read,
		labels: [...chat.labels],
		chatgpt_autoresponse_enabled: chat.aiAgent,
		whatsapp_account_id: chat.accountId,
		responsible_email: chat.responsible?.email ?? null,
		responsible_name: chat.responsible?.name ?? null,
		chat_url: chatUrl(chat.id),
		created_timestamp: chat.createdAt,
		last_message_uid: chat.lastMessageUid,
		last_message_timestamp: chat.lastMessageAt,
		unattended: chat.unattended,
		photo: null,
		...(chat.isGroup ? { group_members: chat.members.map((name) => ({ name, phone: chat.memberPhones?.[name] ?? null })) } : {}),
	};
}

function apiNote(note: ChatNote): ApiNote {
	return {
		id: note.id,
		chat_id: note.chatId,
		text: note.text,
		is_private: note.isPrivate,
		created_at: note.createdAt,
		created_by_email: note.createdByEmail,
	};
}

/** Reads query filters, collecting every problem so one 400 names them all. */
class QueryFilters {
	readonly problems: string[] = [];

	constructor(private readonly params: URLSearchParams) {}

	text(name: string): string {
		return (this.params.get(name) ?? '').trim();
	}

	list(name: string): string[] {
		return this.text(name).split(',').map((part) => part.trim()).filter(Boolean);
	}

	bool(name: string): boolean | undefined {
		const value = this.text(name).toLowerCase();
		if (value === '') return undefined;
		if (value === 'true' || value === '1') return true;
		if (value === 'false' || value === '0') return false;
		this.problems.push(`${name} must be true or false, got "${this.text(name)}"`);
		return undefined;
	}

	/** A date (`2025-11-03`) or date-time in ms; a date as an upper bound means the whole of that day. */
	time(name: string, bound: 'from' | 'until'): number | undefined {
		const value = this.text(name);
		if (value === '') return undefined;
		const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
		const ms = isDate || /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(isDate ? `${value}T00:00:00Z` : value) : NaN;
		if (Number.isNaN(ms)) {
			this.problems.push(`${name} must be a date (2025-11-03) or an ISO 8601 date-time (2025-11-03T16:20:00Z), got "${value}"`);
			return undefined;
		}
		return isDate && bound === 'until' ? ms + DAY_MS - 1 : ms;
	}

	page(): number {
		return Math.max(1, Number(this.params.get('page') ?? '1') || 1);
	}

	reply(): Reply | undefined {
		return this.problems.length ? error(400, this.problems.join('; '), 'bad_request') : undefined;
	}
}

function pageOf<T>(items: T[], page: number, size: number): { has_more_pages: boolean; items: T[] } {
	return { has_more_pages: items.length > page * size, items: items.slice((page - 1) * size, page * size) };
}

/** Newest last message first (chats without one last), then by name as people read it ("Lead 2" before "Lead 10"). */
function byLatestMessageThenName(a: Chat, b: Chat): number {
	return (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '') || a.name.localeCompare(b.name, 'en', { numeric: true, sensitivity: 'base' });
}

function messageTime(message: SandboxMessage): number {
	return Date.parse(message.sentAt ?? message.createdAt);
}

export class ChatApi {
	readonly routes: RouteTable = [
		['GET', /^\/chats$/, (_, req) => this.list(req)],
		['GET', /^\/chats\/([^/]+)$/, ([id]) => this.withChat(id, (chat) => ok(apiChat(chat)))],
		['PATCH', /^\/chats\/([^/]+)$/, ([id], req) => this.withChat(id, (chat) => this.update(chat, req))],
		['GET', /^\/chats\/([^/]+)\/labels$/, ([id]) => this.withChat(id, (chat) => ok({ labels: chat.labels }))],
		['PUT', /^\/chats\/([^/]+)\/labels$/, ([id], req) => this.withChat(id, (chat) => this.labels(chat, req, 'add'))],
		['POST', /^\/chats\/([^/]+)\/labels$/, ([id], req) => this.withChat(id, (chat) => this.labels(chat, req, 'replace'))],
		['POST', /^\/chats\/([^/]+)\/notes$/, ([id], req) => this.withChat(id, (chat) => this.addNote(chat, req))],
		['GET', /^\/chats\/([^/]+)\/messages$/, ([id], req) => this.withChat(id, (chat) => this.history(chat, req))],
	];

	constructor(
		private readonly ctx: SandboxContext,
		private readonly engines: Engines,
	) {}

	withChat(id: string, then: (chat: Chat) => Reply): Reply {
		const chat = /^\d+$/.test(id) ? chatById(this.ctx.state, Number(id)) : undefined;
		return chat ? then(chat) : notFound(`Chat ${id}`);
	}

	/** Every filter given must match (AND); inside a comma list any part may. */
	private list(req: SandboxRequest): Reply {
		const q = new QueryFilters(req.query);
		const lower = (values: string[]) => values.map((value) => value.toLowerCase());
		const labels = lower(q.list('label'));
		const accountIds = q.list('whatsapp_account_id');
		const responsible = lower(q.list('responsible'));
		// A space does not split a name part: "Ravi Kumar" matches as a whole.
		const names = lower(q.list('name'));
		const phone = q.text('phone');
		const memberPhones = q.list('whatsapp_phone').map(digitsOf);
		const [group, read, closed, aiAgent, withMessage] = ['group', 'read', 'closed', 'chatgpt_autoresponse_enabled', 'with_msg'].map((name) => q.bool(name));
		const createdAfter = q.time('created_after', 'from');
		const createdBefore = q.time('created_before', 'until');
		const problem = q.reply();
		if (problem) return problem;

		const phoneMatches = (chat: Chat): boolean => {
			if (chat.isGroup) return false;
			// "+…" is one exact number; other input is a part of the number, its leading zeros (a trunk prefix) dropped.
			if (phone.startsWith('+')) return chat.phone === phone;
			return digitsOf(chat.phone).includes(digitsOf(phone).replace(/^0+/, ''));
		};
		const hasMember = (chat: Chat): boolean => {
			const phones = chat.isGroup ? Object.values(chat.memberPhones ?? {}) : [chat.phone];
			return phones.some((candidate) => memberPhones.includes(digitsOf(candidate)));
		};
		const created = (chat: Chat) => Date.parse(chat.createdAt);
		const matching = this.ctx.state.chats
			.filter(
				(chat) =>
					(!labels.length || chat.labels.some((label) => labels.includes(label.toLowerCase()))) &&
					(!accountIds.length || accountIds.includes(chat.accountId)) &&
					(group === undefined || chat.isGroup === group) &&
					(!responsible.length || responsible.includes(chat.responsible?.email.toLowerCase() ?? '')) &&
					(!names.length || names.some((part) => chat.name.toLowerCase().includes(part))) &&
					(!phone || phoneMatches(chat)) &&
					(!memberPhones.length || hasMember(chat)) &&
					(read === undefined || chat.read === read) &&
					(closed === undefined || chat.closed === closed) &&
					(aiAgent === undefined || chat.aiAgent === aiAgent) &&
					(createdAfter === undefined || created(chat) > createdAfter) &&
					(createdBefore === undefined || created(chat) < createdBefore),
			)
			.sort(byLatestMessageThenName);
		const { has_more_pages, items } = pageOf(matching, q.page(), CHATS_PAGE_SIZE);
		const chats = items.map((chat) => {
			if (!withMessage) return apiChat(chat);
			const last = this.ctx.state.messages.find((message) => message.uid === chat.lastMessageUid);
			return { ...apiChat(chat), last_message: last ? messageDetails(this.ctx, last) : null };
		});
		return ok({ has_more_pages, chats });
	}

	private update(chat: Chat, req: SandboxRequest): Reply {
		const parsed = parseBody(req, updateChatRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const { name, responsible, closed, read, chatgpt_autoresponse_enabled: aiAgent } = parsed.data;
		const state = this.ctx.state;
		const namesake = name === undefined ? undefined : state.chats.find((other) => other !== chat && other.name.toLowerCase() === name.toLowerCase());
		if (namesake) return unprocessable(`name "${name}" is taken by chat ${namesake.id}: chat names are unique in the workspace`);
		const teammate = responsible ? state.teammates.find((candidate) => candidate.email.toLowerCase() === responsible.toLowerCase()) : undefined;
		if (responsible && !teammate) {
			return unprocessable(`responsible "${responsible}" is not a teammate of this workspace: give a teammate's email (GET /workspace/teammates), or "" to unassign`);
		}
		if (name !== undefined) chat.name = name;
		if (closed !== undefined) chat.closed = closed;
		if (read !== undefined) chat.read = read;
		if (aiAgent !== undefined) chat.aiAgent = aiAgent;
		if (responsible !== undefined && (teammate?.email ?? null) !== (chat.responsible?.email ?? null)) {
			chat.responsible = teammate ? { name: teammate.name, email: teammate.email } : null;
			this.engines.v2.onResponsibleChanged(chat.id);
		}
		return ok(apiChat(chat));
	}

	/** The spec's trap: `PUT` adds to the chat's labels, `POST` replaces them all. */
	private labels(chat: Chat, req: SandboxRequest, mode: 'add' | 'replace'): Reply {
		const parsed = parseBody(req, labelsRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		if (mode === 'replace') chat.labels = [];
		addLabels(this.ctx.state, chat, parsed.data.labels);
		return ok({ labels: chat.labels });
	}

	private addNote(chat: Chat, req: SandboxRequest): Reply {
		const parsed = parseBody(req, noteRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const state = this.ctx.state;
		const note: ChatNote = {
			id: state.nextNoteId++,
			chatId: chat.id,
			text: parsed.data.text,
			isPrivate: parsed.data.is_private,
			createdAt: this.ctx.clock.now().toISOString(),
			createdByEmail: API_TOKEN_OWNER.email,
		};
		state.notes.push(note);
		return ok(apiNote(note));
	}

	/** Bounds by time are inclusive, bounds by message exclusive; newest first unless `sorting_order=asc`. */
	private history(chat: Chat, req: SandboxRequest): Reply {
		const q = new QueryFilters(req.query);
		const fromMe = q.bool('from_me');
		const after = q.time('after', 'from');
		const before = q.time('before', 'until');
		const order = q.text('sorting_order').toLowerCase() || 'desc';
		if (order !== 'asc' && order !== 'desc') q.problems.push(`sorting_order must be asc or desc, got "${q.text('sorting_order')}"`);
		// Oldest first; a stable sort keeps messages of the same instant in the order they came.
		const inChat = this.ctx.state.messages.filter((message) => message.chatId === chat.id).sort((a, b) => messageTime(a) - messageTime(b));
		const position = (name: string): number | undefined => {
			const uid = q.text(name);
			if (!uid) return undefined;
			const index = inChat.findIndex((message) => message.uid === uid);
			if (index === -1) q.problems.push(`${name} ${uid} is not a message of chat ${chat.id}`);
			return index;
		};
		const afterIndex = position('after_message');
		const beforeIndex = position('before_message');
		const problem = q.reply();
		if (problem) return problem;
		const matching = inChat.filter(
			(message, index) =>
				(fromMe === undefined || (message.direction === 'sent') === fromMe) &&
				(after === undefined || messageTime(message) >= after) &&
				(before === undefined || messageTime(message) <= before) &&
				(afterIndex === undefined || index > afterIndex) &&
				(beforeIndex === undefined || index < beforeIndex),
		);
		if (order === 'desc') matching.reverse();
		const { has_more_pages, items } = pageOf(matching, q.page(), MESSAGES_PAGE_SIZE);
		return ok({ has_more_pages, messages: items.map((message) => messageDetails(this.ctx, message)) });
	}
}
