import { acceptSend, type SendOrder } from './accept';
import { ChatApi } from './api-chats';
import { waitForIpTurn } from './api-rate-limit';
import { error, notFound, ok, parseBody } from './api-replies';
import { addLabels, digitsOf } from './chats';
import type { SandboxContext } from './context';
import { storeFile, uploadedFileData } from './files';
import { download, isLoopbackUrl, runRoute, type Reply, type RouteTable, type SandboxRequest } from './http';
import { findMessage, type Engines } from './messages';
import { messageDetails } from './payloads';
import type { Outbox } from './outbox';
import { listedWebhook } from './outbound-v2';
import {
	createFileFromUrlRequestSchema,
	createWebhookRequestSchema,
	currentEventType,
	MAX_WEBHOOKS_PER_WORKSPACE,
	reactionRequestSchema,
	sendChatMessageRequestSchema,
	sendMessageRequestSchema,
	sendToJidRequestSchema,
	updateWebhookRequestSchema,
	type Quota,
	type Webhook,
	type WhatsappAccount,
	type Workspace,
} from './spec-schemas';
import { accountById, defaultSender, takeRateLimit, type SandboxMessage } from './state';
import { API_TOKEN_OWNER, type Chat } from './workspace';

/** The public REST API subset: Bearer token, `{"status":"ok","data":...}` or `{"status":"error","message":...}`. */

export const API_PATH = '/integrations/api';
export { CHATS_PAGE_SIZE } from './api-chats';
const MAX_API_FILE_BYTES = 20 * 1024 * 1024;
/** The workspace's plan: what `GET /workspace` reports as totals. */
export const WORKSPACE_PLAN = { id: 48211, displayName: 'Northwind Traders', plan: 'Pro', seats: 5, apiCallsPerMonth: 100_000 };

export class ApiRoutes {
	private readonly chats = new ChatApi(this.ctx, this.engines);
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
		['POST', /^\/chats\/([^/]+)\/messages$/, ([id], req) => this.chats.withChat(id, (chat) => this.sendToChat(chat, req))],
		...this.chats.routes,
		['POST', /^\/messages$/, (_, req) => this.sendToPhone(req)],
		['POST', /^\/messages\/to_jid$/, (_, req) => this.sendToJid(req)],
		['GET', /^\/messages\/([^/]+)$/, ([uid]) => this.withMessage(uid, (message) => ok(messageDetails(this.ctx, message)))],
		[
			'GET',
			/^\/messages\/([^/]+)\/status_history$/,
			([uid]) => this.withMessage(uid, (message) => ok(message.statusHistory)),
		],
		['GET', /^\/messages\/([^/]+)\/reactions$/, ([uid]) => this.withMessage(uid, (message) => ok(message.reactions ?? {}))],
		['PATCH', /^\/messages\/([^/]+)\/reactions$/, ([uid], req) => this.withMessage(uid, (message) => this.react(message, req))],
		['GET', /^\/workspace$/, () => ok(this.workspace())],
		['GET', /^\/workspace\/teammates$/, () => ok({ teammates: this.ctx.state.teammates })],
		['GET', /^\/workspace\/teammates\/me$/, () => ok(this.ctx.state.teammates.find((teammate) => teammate.email === API_TOKEN_OWNER.email))],
	];

	constructor(
		private readonly ctx: SandboxContext,
		private readonly outbox: Outbox,
		private readonly engines: Engines,
		private readonly apiToken: string,
	) {}

	async handle(req: SandboxRequest): Promise<Reply> {
		// The per-IP limit sits in front of everything, as a proxy's would: even a wrong token counts.
		if (this.ctx.settings.apiRateLimit) {
			const refused = await waitForIpTurn(this.ctx, req.ip, () => error(429, 'Too many requests', 'rate_limited'));
			if (refused) return refused;
		}
		const { api } = this.ctx.state;
		if (req.headers.authorization !== `Bearer ${this.apiToken}`) return error(401, 'Invalid or expired token');
		if (api.accessDenied) return error(403, 'Access denied');
		const wait = takeRateLimit(api.rateLimits, api.callTimes, this.ctx.clock.nowMs());
		if (wait !== null) return this.rateLimited(wait);
		api.calls++;
		const path = req.path.slice(API_PATH.length);
		return (await runRoute(this.routes, req, path)) ?? notFound(`${req.method} ${path}`);
	}

	private rateLimited(retryAfterS: number): Reply {
		this.ctx.state.api.rateLimited++;
		return { ...error(429, 'Too many requests', 'rate_limited'), headers: { 'retry-after': String(retryAfterS) } };
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

	private queue(order: SendOrder): Reply {
		const accepted = acceptSend(this.ctx, this.outbox, order);
		return 'error' in accepted ? error(accepted.status, accepted.error) : ok({ message_uid: accepted.message.uid });
	}

	private fileOf(fileUid: string | undefined): { fileUid?: string } | { reply: Reply } {
		if (!fileUid) return {};
		return this.ctx.state.files.has(fileUid) ? { fileUid } : { reply: notFound(`File ${fileUid}`) };
	}

	private sendToChat(chat: Chat, req: SandboxRequest): Reply {
		const parsed = parseBody(req, sendChatMessageRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const { text, file_uid: fileUid, label, reply_to: replyTo } = parsed.data;
		const file = this.fileOf(fileUid);
		if ('reply' in file) return file.reply;
		if (!text && !file.fileUid) return error(400, 'text is required unless file_uid is given', 'bad_request');
		// WhatsApp quotes only a message the same account has seen; an empty reply_to means none.
		const quoted = replyTo ? findMessage(this.ctx, replyTo) : undefined;
		if (replyTo && quoted?.accountId !== chat.accountId) {
			return error(400, `reply_to ${replyTo} is not a message of this chat's WhatsApp account`, 'bad_request');
		}
		const reply = this.queue({ text: text ?? '', accountId: chat.accountId, chatId: chat.id, ...file, ...(quoted ? { replyToUid: quoted.uid } : {}), via: 'api', origin: 'API' });
		if (label && reply.status === 200) addLabels(this.ctx.state, chat, [label]);
		return reply;
	}

	/** Clients send the account's id where its phone is documented; TimelinesAI takes either. */
	private senderAccount(accountPhone: string | undefined): WhatsappAccount | { reply: Reply } {
		const account = accountPhone
			? this.ctx.state.accounts.find((candidate) => candidate.phone === accountPhone || candidate.id === accountPhone)
			: defaultSender(this.ctx.state);
		return account ?? { reply: error(400, `whatsapp_account_phone ${accountPhone ?? ''} is not a WhatsApp account of this workspace`, 'bad_request') };
	}

	private sendToPhone(req: SandboxRequest): Reply {
		const parsed = parseBody(req, sendMessageRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const { phone, whatsapp_account_phone: accountPhone, text, file_uid: fileUid, label } = parsed.data;
		if (!phone) return error(400, 'phone is required', 'bad_request');
		const account = this.senderAccount(accountPhone);
		if ('reply' in account) return account.reply;
		const file = this.fileOf(fileUid);
		if ('reply' in file) return file.reply;
		if (!text && !file.fileUid) return error(400, 'text is required unless file_uid is given', 'bad_request');
		// The chat is found or created when the message leaves, and gets its label then.
		return this.queue({ text: text ?? '', accountId: account.id, chatId: null, targetPhone: phone, ...file, ...(label ? { label } : {}), via: 'api', origin: 'API' });
	}

	/** A chat of the account by its JID; a direct JID of a chat not opened yet is sent to as its number. */
	private sendToJid(req: SandboxRequest): Reply {
		const parsed = parseBody(req, sendToJidRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const { jid, whatsapp_account_phone: accountPhone, text, file_uid: fileUid, label } = parsed.data;
		if (!jid) return error(400, 'jid is required', 'bad_request');
		const account = this.senderAccount(accountPhone);
		if ('reply' in account) return account.reply;
		const chat = this.ctx.state.chats.find((candidate) => candidate.accountId === account.id && candidate.jid === jid);
		const isDirectJid = /^\d+@s\.whatsapp\.net$/.test(jid);
		if (!chat && !isDirectJid) return notFound(`Chat with jid ${jid} in WhatsApp account ${account.phone}`);
		const file = this.fileOf(fileUid);
		if ('reply' in file) return file.reply;
		if (!text && !file.fileUid) return error(400, 'text is required unless file_uid is given', 'bad_request');
		const order: SendOrder = chat
			? { text: text ?? '', accountId: account.id, chatId: chat.id, ...file, via: 'api', origin: 'API' }
			: { text: text ?? '', accountId: account.id, chatId: null, targetPhone: `+${digitsOf(jid)}`, ...file, ...(label ? { label } : {}), via: 'api', origin: 'API' };
		const reply = this.queue(order);
		if (chat && label && reply.status === 200) addLabels(this.ctx.state, chat, [label]);
		return reply;
	}

	private withMessage(uid: string, then: (message: SandboxMessage) => Reply): Reply {
		const message = findMessage(this.ctx, uid);
		return message ? then(message) : notFound(`Message ${uid}`);
	}

	/** The caller reacts as the message's WhatsApp account: one reaction each, `""` takes it back. */
	private react(message: SandboxMessage, req: SandboxRequest): Reply {
		const parsed = parseBody(req, reactionRequestSchema);
		if ('reply' in parsed) return parsed.reply;
		const reactor = accountById(this.ctx.state, message.accountId).phone;
		const others = Object.fromEntries(Object.entries(message.reactions ?? {}).filter(([who]) => who !== reactor));
		message.reactions = parsed.data.reaction ? { ...others, [reactor]: parsed.data.reaction } : others;
		return ok(message.reactions);
	}

	private workspace(): Workspace {
		const state = this.ctx.state;
		const now = this.ctx.clock.now();
		// Quotas run by calendar month (UTC) of the sandbox clock.
		const period = {
			period_start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
			period_end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
		};
		const quota = (total: number, used: number): Quota => ({ total, used, ...period });
		return {
			workspace_id: WORKSPACE_PLAN.id,
			display_name: WORKSPACE_PLAN.displayName,
			plan: WORKSPACE_PLAN.plan,
			seats: quota(WORKSPACE_PLAN.seats, state.teammates.length),
			messaging_quota: quota(state.credits.quota, state.credits.quota - state.credits.remaining),
			api_calls_quota: quota(WORKSPACE_PLAN.apiCallsPerMonth, state.api.calls),
			non_recurring_quota: { remaining_balance: 0, last_updated_at: period.period_start },
		};
	}
}
