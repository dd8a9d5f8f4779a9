import type { z, ZodTypeAny } from 'zod';
import { acceptSend, type SendOrder } from './accept';
import { chatUrl, type SandboxContext } from './context';
import { storeFile, uploadedFileData } from './files';
import { download, isLoopbackUrl, json, runRoute, validateJson, type Reply, type RouteTable, type SandboxRequest } from './http';
import { findMessage } from './messages';
import { messageAttachment } from './payloads';
import type { Outbox } from './outbox';
import { listedWebhook } from './outbound-v2';
import {
	createFileFromUrlRequestSchema,
	createWebhookRequestSchema,
	currentEventType,
	MAX_WEBHOOKS_PER_WORKSPACE,
	sendChatMessageRequestSchema,
	sendMessageRequestSchema,
	updateWebhookRequestSchema,
	type ApiChat,
	type MessageDetails,
	type Webhook,
} from './spec-schemas';
import { accountById, chatById, defaultSender, takeRateLimit, type SandboxMessage } from './state';

/** The public REST API subset: Bearer token, `{"status":"ok","data":...}` or `{"status":"error","message":...}`. */

export const API_PATH = '/integrations/api';
export const CHATS_PAGE_SIZE = 50;
const MAX_API_FILE_BYTES = 20 * 1024 * 1024;

const ok = (data: unknown): Reply => json(200, { status: 'ok', data });
const error = (status: number, message: string, errorCode?: string): Reply =>
	json(status, { status: 'error', message, ...(errorCode ? { error_code: errorCode } : {}) });
const notFound = (what: string) => error(404, `${what} not found`, 'not_found');

/** Parses and validates a JSON body; unknown fields are dropped, not refused. */
function parseBody<S extends ZodTypeAny>(req: SandboxRequest, schema: S): { data: z.infer<S>; raw: Record<string, unknown> } | { reply: Reply } {
	const result = validateJson(req.body, schema);
	return 'error' in result ? { reply: error(400, result.error, 'bad_request') } : result;
}

export class ApiRoutes {
	private readonly routes: RouteTable = [
		['GET', /^\/webhooks$/, () => ok(this.ctx.state.webhooks.map((webhook) => listedWebhook(this.ctx.settings, webhook)))],
		['POST', /^\/webhooks$/, (_, req) => this.createWebhook(req)],
		['GET', /^\/webhooks\/([^/]+)$/, ([id]) => this.withWebhook(id, (webhook) => ok(listedWebhook(this.ctx.settings, webhook)))],
		['PUT', /^\/webhooks\/([^/]+)$/, ([id], req) => this.withWebhook(id, (webhook) => this.updateWebhook(webhook, req))],
		['DELETE', /^\/webhooks\/([^/]+)$/, ([id]) => this.withWebhook(id, (webhook) => this.deleteWebhook(webhook.id))],
		['POST', /^\/files_upload$/, (_, req) => this.uploadFile(req)],
		['POST', /^\/files$/, (_, req) => this.fileFromUrl(req)],
		['GET', /^\/files\/([^/]+)$/, ([uid]) => this.withFile(uid, (file) => ok(uploadedFileData(this.ctx, file)))],
		['DELETE', /^\/files\/([^/]+)$/, ([uid]) => this.withFile(uid, (file) => this.deleteFile(file.uid))],
		['GET', /^\/whatsapp_accounts$/, () => ok({ whatsapp_accounts: this.ctx.state.accounts })],
		['GET', /^\/chats$/, (_, req) => this.listChats(req)],
		['POST', /^\/chats\/([^/]+)\/messages$/, ([id], req) => this.sendToChat(id, req)],
		['POST', /^\/messages$/, (_, req) => this.sendToPhone(req)],
		['GET', /^\/messages\/([^/]+)$/, ([uid]) => this.withMessage(uid, (message) => ok(this.details(message)))],
		[
			'GET',
			/^\/messages\/([^/]+)\/status_history$/,
			([uid]) => this.withMessage(uid, (message) => ok(message.statusHistory)),
		],
	];

	constructor(
		private readonly ctx: SandboxContext,
		private readonly outbox: Outbox,
		private readonly apiToken: string,
	) {}

	async handle(req: SandboxRequest): Promise<Reply> {
		const { api } = this.ctx.state;
		if (req.headers.authorization !== `Bearer ${this.apiToken}`) return error(401, 'Invalid or expired token');
		if (api.accessDenied) return error(403, 'Access denied');
		const wait = takeRateLimit(api.rateLimits, api.callTimes, this.ctx.clock.nowMs());
		if (wait !== null) return { ...error(429, 'Too many requests', 'rate_limited'), headers: { 'retry-after': String(wait) } };
		const path = req.path.slice(API_PATH.length);
		return (await runRoute(this.routes, req, path)) ?? notFound(`${req.method} ${path}`);
	}

	private withWebhook(id: string, then: (webhook: Webhook) => Reply): Reply {
		const webhook = this.ctx.state.webhooks.find((candidate) => String(candidate.id) === id);
		return webhook ? then(webhook) : notFound(`Webhook ${id}`);
	}

	/** Idempotent on event type (under either name) and URL, so a retried create is safe. */
	private createWebhook(req: SandboxRequest): Reply {
		const parsed = parseBody(req, createWebhookRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const state = this.ctx.state;
		const eventType = currentEventType(parsed.data.event_type);
		const sameHook = (webhook: Webhook) => webhook.url === parsed.data.url && currentEventType(webhook.event_type) === eventType;
		const existing = state.webhooks.find(sameHook);
		if (existing) {
			// An active match is returned as is; a disabled one is switched back on.
			existing.enabled = true;
			return ok(existing);
		}
		if (state.webhooks.length >= MAX_WEBHOOKS_PER_WORKSPACE) {
			return error(
				400,
				`Webhooks limit reached: this workspace already has ${state.webhooks.length} webhooks, the most allowed is ${MAX_WEBHOOKS_PER_WORKSPACE}. Delete one (DELETE /webhooks/{id}) before adding another.`,
				'webhooks_limit_reached',
			);
		}
		const deleted = state.deletedWebhooks.find(sameHook);
		const webhook = deleted
			? { ...deleted, enabled: true, errors_counter: 0 }
			: { id: state.nextWebhookId++, ...parsed.data, errors_counter: 0 };
		state.deletedWebhooks = state.deletedWebhooks.filter((candidate) => candidate !== deleted);
		state.webhooks.push(webhook);
		return ok(webhook);
	}

	private updateWebhook(webhook: Webhook, req: SandboxRequest): Reply {
		const parsed = parseBody(req, updateWebhookRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		// Partial update: only the fields the client sent (zod would fill in `enabled`'s default).
		const changes = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => key in parsed.raw));
		Object.assign(webhook, changes);
		return ok(webhook);
	}

	private deleteWebhook(id: number): Reply {
		const state = this.ctx.state;
		state.deletedWebhooks.push(...state.webhooks.filter((webhook) => webhook.id === id));
		state.webhooks = state.webhooks.filter((webhook) => webhook.id !== id);
		return ok({});
	}

	private uploaderEmail(): string {
		return defaultSender(this.ctx.state)?.owner_email ?? '';
	}

	private async uploadFile(req: SandboxRequest): Promise<Reply> {
		const contentType = String(req.headers['content-type'] ?? '');
		if (!contentType.startsWith('multipart/form-data')) {
			return error(400, 'Send the file as multipart/form-data with a "file" field', 'bad_request');
		}
		let form: FormData;
		try {
			form = await new Response(req.body, { headers: { 'content-type': contentType } }).formData();
		} catch {
			return error(400, 'The multipart/form-data body could not be read', 'bad_request');
		}
		const file = form.get('file');
		if (file === null || typeof file === 'string') {
			return error(400, 'file is required: a multipart/form-data file field named "file"', 'bad_request');
		}
		const filename = String(form.get('filename') ?? '') || file.name || 'file';
		const mimetype = String(form.get('content_type') ?? '') || file.type || 'application/octet-stream';
		const data = Buffer.from(await file.arrayBuffer());
		return ok(uploadedFileData(this.ctx, storeFile(this.ctx, { filename, mimetype, data, uploadedByEmail: this.uploaderEmail() })));
	}

	private async fileFromUrl(req: SandboxRequest): Promise<Reply> {
		const parsed = parseBody(req, createFileFromUrlRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const { download_url: url, filename, content_type: contentType } = parsed.data;
		if (!isLoopbackUrl(url)) return error(400, 'download_url could not be fetched: the sandbox fetches only 127.0.0.1 or localhost', 'bad_request');
		try {
			const result = await download(url, MAX_API_FILE_BYTES, 15_000, this.ctx.timers.signal);
			if (result.status !== 200) return error(400, `download_url answered HTTP ${result.status}`, 'bad_request');
			if (result.truncated) return error(400, 'download_url points to a file over 20 MB', 'bad_request');
			const name = filename || decodeURIComponent(new URL(url).pathname.split('/').pop() || 'file');
			const mimetype = contentType || result.contentType.split(';')[0] || 'application/octet-stream';
			const file = storeFile(this.ctx, { filename: name, mimetype, data: result.data, uploadedByEmail: this.uploaderEmail() });
			return ok(uploadedFileData(this.ctx, file));
		} catch (err) {
			return error(400, `download_url could not be fetched: ${(err as Error).message}`, 'bad_request');
		}
	}

	private withFile(uid: string, then: (file: NonNullable<ReturnType<typeof this.ctx.state.files.get>>) => Reply): Reply {
		const file = this.ctx.state.files.get(uid);
		return file ? then(file) : notFound(`File ${uid}`);
	}

	private deleteFile(uid: string): Reply {
		this.ctx.state.files.delete(uid);
		return ok({});
	}

	private listChats(req: SandboxRequest): Reply {
		// `name` is a comma list of case-insensitive parts, any of which may match; a space does not split a part.
		const parts = (req.query.get('name') ?? '').toLowerCase().split(',').map((part) => part.trim()).filter(Boolean);
		const page = Math.max(1, Number(req.query.get('page') ?? '1') || 1);
		const matching = this.ctx.state.chats.filter((chat) => !parts.length || parts.some((part) => chat.name.toLowerCase().includes(part)));
		const chats: ApiChat[] = matching.slice((page - 1) * CHATS_PAGE_SIZE, page * CHATS_PAGE_SIZE).map((chat) => ({
			id: chat.id,
			name: chat.name,
			jid: chat.jid,
			phone: chat.phone,
			is_group: chat.isGroup,
			whatsapp_account_id: chat.accountId,
			chat_url: chatUrl(chat.id),
		}));
		return ok({ has_more_pages: matching.length > page * CHATS_PAGE_SIZE, chats });
	}

	private queue(order: SendOrder): Reply {
		const accepted = acceptSend(this.ctx, this.outbox, order);
		return 'error' in accepted ? error(accepted.status, accepted.error) : ok({ message_uid: accepted.message.uid });
	}

	private fileOf(fileUid: string | undefined): { fileUid?: string } | { reply: Reply } {
		if (!fileUid) return {};
		return this.ctx.state.files.has(fileUid) ? { fileUid } : { reply: notFound(`File ${fileUid}`) };
	}

	private sendToChat(id: string, req: SandboxRequest): Reply {
		const chat = /^\d+$/.test(id) ? chatById(this.ctx.state, Number(id)) : undefined;
		if (!chat) return notFound(`Chat ${id}`);
		const parsed = parseBody(req, sendChatMessageRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const file = this.fileOf(parsed.data.file_uid);
		if ('reply' in file) return file.reply;
		if (!parsed.data.text && !file.fileUid) return error(400, 'text is required unless file_uid is given', 'bad_request');
		return this.queue({ text: parsed.data.text ?? '', accountId: chat.accountId, chatId: chat.id, ...file, via: 'api', origin: 'API' });
	}

	private sendToPhone(req: SandboxRequest): Reply {
		const parsed = parseBody(req, sendMessageRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const { phone, whatsapp_account_phone: accountPhone, text, file_uid: fileUid } = parsed.data;
		if (!phone) return error(400, 'phone is required', 'bad_request');
		// Clients send the account's id where its phone is documented; TimelinesAI takes either.
		const account = accountPhone
			? this.ctx.state.accounts.find((candidate) => candidate.phone === accountPhone || candidate.id === accountPhone)
			: defaultSender(this.ctx.state);
		if (!account) return error(400, `whatsapp_account_phone ${accountPhone ?? ''} is not a WhatsApp account of this workspace`, 'bad_request');
		const file = this.fileOf(fileUid);
		if ('reply' in file) return file.reply;
		if (!text && !file.fileUid) return error(400, 'text is required unless file_uid is given', 'bad_request');
		return this.queue({ text: text ?? '', accountId: account.id, chatId: null, targetPhone: phone, ...file, via: 'api', origin: 'API' });
	}

	private withMessage(uid: string, then: (message: SandboxMessage) => Reply): Reply {
		const message = findMessage(this.ctx, uid);
		return message ? then(message) : notFound(`Message ${uid}`);
	}

	private details(message: SandboxMessage): MessageDetails {
		const file = messageAttachment(this.ctx, message);
		return {
			message_uid: message.uid,
			chat_id: message.chatId,
			whatsapp_account_phone: accountById(this.ctx.state, message.accountId).phone,
			direction: message.direction,
			origin: message.origin,
			text: message.text,
			timestamp: message.sentAt ?? message.createdAt,
			status: message.status,
			error: message.failure ?? null,
			attachments: file ? [file] : [],
		};
	}
}
