import type { z, ZodTypeAny } from 'zod';

import { addLabels, findOrCreateDirectChat, findOrCreateGroupChat, takeNewChatFlag } from './chats';
import * as schemas from './control-schemas';
import { storeFile, testFileBytes, TEST_FILES_PATH, serveTestFile } from './files';
import { json, runRoute, validateJson, type Reply, type RouteTable, type SandboxRequest } from './http';
import { announce, createMessage, findMessage, markSent } from './messages';
import type { SandboxCore } from './sandbox';
import type { AccountEventType } from './spec-schemas';
import { accountById, chatById, defaultSender, setStatus } from './state';
import { stateView } from './state-view';
import type { Chat } from './workspace';

/** The test-and-demo surface under `/__control`: clearly not part of TimelinesAI. */

export const CONTROL_PATH = '/__control';

const ok = (body: unknown = { ok: true }): Reply => json(200, body);
const bad = (message: string): Reply => json(400, { error: message });

export class ControlRoutes {
	private readonly routes: RouteTable = [
		['POST', /^\/reset$/, () => this.reset()],
		['GET', /^\/state$/, () => ok(stateView(this.core.ctx, this.core.viewExtras()))],
		['POST', /^\/messages$/, (_, req) => this.withBody(req, schemas.simulateMessageSchema, (body) => this.simulate(body))],
		['POST', /^\/calls$/, (_, req) => this.withBody(req, schemas.simulateCallSchema, (body) => this.simulateCall(body))],
		['POST', /^\/messages\/([^/]+)\/status$/, ([id], req) => this.withBody(req, schemas.messageStatusChangeSchema, (body) => this.messageStatus(id, body.status))],
		['POST', /^\/chats$/, (_, req) => this.withBody(req, schemas.upsertChatSchema, (body) => this.upsertChat(body))],
		['POST', /^\/chats\/(\d+)\/responsible$/, ([id], req) => this.withBody(req, schemas.responsibleSchema, (body) => this.responsible(Number(id), body))],
		['POST', /^\/accounts\/status$/, (_, req) => this.withBody(req, schemas.accountStatusSchema, (body) => this.accountStatus(body))],
		['POST', /^\/clock$/, (_, req) => this.withBody(req, schemas.clockSchema, (body) => this.clock(body))],
		['POST', /^\/faults$/, (_, req) => this.withBody(req, schemas.faultSchema, (body) => this.fault(body))],
		['DELETE', /^\/faults$/, () => (this.core.faults.clear(), ok())],
		['PUT', /^\/outbound$/, (_, req) => this.withBody(req, schemas.outboundConfigSchema, (body) => this.outbound(body))],
		['POST', /^\/outbound\/flush$/, () => (this.core.engines.legacy.flushDue(true), ok())],
		['POST', /^\/inbound\/regenerate$/, () => ok({ inboundUrl: this.core.regenerateInboundUrl() })],
		['PUT', /^\/inbound$/, (_, req) => this.withBody(req, schemas.inboundConfigSchema, (body) => this.inbound(body))],
		['GET', /^\/inbound\/log$/, () => this.inboundLog()],
		['PUT', /^\/api$/, (_, req) => this.withBody(req, schemas.apiConfigSchema, (body) => (Object.assign(this.core.ctx.state.api, body), ok()))],
		['PUT', /^\/settings$/, (_, req) => this.withBody(req, schemas.settingsSchema, (body) => this.settings(body))],
		['PUT', /^\/credits$/, (_, req) => this.withBody(req, schemas.creditsSchema, (body) => (Object.assign(this.core.ctx.state.credits, body), ok(this.core.ctx.state.credits)))],
		['PUT', /^\/phones$/, (_, req) => this.withBody(req, schemas.phoneSchema, (body) => this.phone(body))],
		['POST', /^\/wait-for-idle$/, (_, req) => this.withBody(req, schemas.waitSchema, (body) => this.waitForIdle(body.timeoutMs))],
	];

	constructor(private readonly core: SandboxCore) {}

	handle(req: SandboxRequest): Reply | Promise<Reply> {
		if (req.path.startsWith(`${TEST_FILES_PATH}/`) && (req.method === 'GET' || req.method === 'HEAD')) return serveTestFile(req);
		const path = req.path.slice(CONTROL_PATH.length);
		return runRoute(this.routes, req, path) ?? json(404, { error: `No control endpoint ${req.method} ${CONTROL_PATH}${path}` });
	}

	private withBody<S extends ZodTypeAny>(req: SandboxRequest, schema: S, then: (body: z.infer<S>) => Reply | Promise<Reply>) {
		const parsed = validateJson(req.body, schema);
		return 'error' in parsed ? bad(parsed.error) : then(parsed.data);
	}

	private get state() {
		return this.core.ctx.state;
	}

	private reset(): Reply {
		this.core.reset();
		return ok({ inboundUrl: this.core.inboundUrl });
	}

	private accountFor(phone: string | undefined) {
		return phone === undefined ? defaultSender(this.state) : this.state.accounts.find((account) => account.phone === phone);
	}

	private simulate(body: z.infer<typeof schemas.simulateMessageSchema>): Reply {
		const ctx = this.core.ctx;
		let chat: Chat | undefined;
		if (body.chatId !== undefined) {
			chat = chatById(this.state, body.chatId);
			if (!chat) return bad(`No chat ${body.chatId}`);
		} else {
			const account = this.accountFor(body.accountPhone);
			if (!account) return bad(`No WhatsApp account ${body.accountPhone}`);
			chat = body.phone !== undefined
				? findOrCreateDirectChat(ctx, account.id, body.phone, body.name)
				: findOrCreateGroupChat(ctx, account.id, body.groupJid ?? '', body.name ?? 'New group');
		}
		const file = body.attachment
			? storeFile(ctx, {
					filename: body.attachment.filename,
					mimetype: body.attachment.mimetype,
					data: body.attachment.contentBase64 !== undefined ? Buffer.from(body.attachment.contentBase64, 'base64') : testFileBytes(body.attachment.size),
					uploadedByEmail: '',
				})
			: undefined;
		const message = createMessage(ctx, {
			direction: body.direction,
			origin: body.origin,
			via: 'simulated',
			text: body.text,
			accountId: chat.accountId,
			chatId: chat.id,
			...(file ? { fileUid: file.uid } : {}),
			...(chat.isGroup && body.direction === 'received' ? { authorName: body.author ?? chat.members[0] ?? chat.name } : {}),
			credits: 0,
		});
		if (body.direction === 'sent') {
			markSent(ctx, message);
		} else {
			message.sentAt = message.createdAt;
			setStatus(message, 'Delivered', new Date(message.createdAt));
		}
		const isNewChat = takeNewChatFlag(chat);
		announce(ctx, this.core.engines, message, isNewChat);
		return ok({ message_uid: message.uid, message_id: message.messageId, chat_id: chat.id, is_new_chat: isNewChat });
	}

	private simulateCall(body: z.infer<typeof schemas.simulateCallSchema>): Reply {
		if (!chatById(this.state, body.chatId)) return bad(`No chat ${body.chatId}`);
		const uid = this.core.ctx.random.uuid();
		const call = { type: body.event, isVideo: body.isVideo, durationSeconds: body.durationSeconds, at: this.core.ctx.clock.now(), uid };
		this.core.engines.v2.onCall(body.chatId, call);
		return ok({ call_uid: uid, chat_id: body.chatId, event_type: body.event });
	}

	private messageStatus(id: string, status: z.infer<typeof schemas.messageStatusChangeSchema>['status']): Reply {
		const message = findMessage(this.core.ctx, id);
		if (!message) return json(404, { error: `No message ${id}` });
		setStatus(message, status, this.core.ctx.clock.now());
		return ok(message);
	}

	private upsertChat(body: z.infer<typeof schemas.upsertChatSchema>): Reply {
		const ctx = this.core.ctx;
		const account = this.accountFor(body.accountPhone);
		if (!account) return bad(`No WhatsApp account ${body.accountPhone}`);
		const id = body.id ?? this.state.nextChatId++;
		const digits = body.phone.replace(/\D/g, '');
		const chat: Chat = {
			id,
			name: body.name,
			phone: body.isGroup ? '' : body.phone,
			jid: body.jid ?? `${digits}@${body.isGroup ? 'g.us' : 's.whatsapp.net'}`,
			isGroup: body.isGroup,
			accountId: account.id,
			responsible: body.responsible,
			createdAt: body.createdAt ? new Date(body.createdAt).toISOString() : ctx.clock.now().toISOString(),
			permalinkId: body.permalinkId ?? ctx.random.uuid(),
			closed: body.closed,
			read: body.read,
			labels: [],
			hasMessages: !body.isNew,
			members: body.members,
			unattended: body.unattended,
			aiAgent: body.aiAgent,
			lastMessageUid: null,
			lastMessageAt: body.lastMessageAt ? new Date(body.lastMessageAt).toISOString() : null,
		};
		addLabels(this.state, chat, body.labels);
		this.state.chats = [...this.state.chats.filter((existing) => existing.id !== id), chat];
		return ok(chat);
	}

	private responsible(id: number, body: z.infer<typeof schemas.responsibleSchema>): Reply {
		const chat = chatById(this.state, id);
		if (!chat) return json(404, { error: `No chat ${id}` });
		chat.responsible = body.responsible;
		this.core.engines.v2.onResponsibleChanged(id);
		return ok(chat);
	}

	private accountStatus(body: z.infer<typeof schemas.accountStatusSchema>): Reply {
		const account = this.state.accounts.find((candidate) => candidate.phone === body.phone);
		if (!account) return json(404, { error: `No WhatsApp account ${body.phone}` });
		const previous = account.status;
		account.status = body.status;
		let event: AccountEventType = `whatsapp:account:${body.status === 'active' ? 'connected' : body.status}`;
		if (body.status === 'active' && previous === 'suspended') event = 'whatsapp:account:resumed';
		// Connecting (again) makes it the most recently connected account: the default sender.
		if (event === 'whatsapp:account:connected') account.connected_on = this.core.ctx.clock.now().toISOString();
		this.core.engines.v2.onAccountEvent(account.id, event);
		return ok(accountById(this.state, account.id));
	}

	private clock(body: z.infer<typeof schemas.clockSchema>): Reply {
		const clock = this.core.ctx.clock;
		if (body.set !== undefined) clock.set(new Date(body.set), body.frozen ?? clock.frozen);
		else if (body.frozen !== undefined) clock.set(clock.now(), body.frozen);
		if (body.advanceMs !== undefined) clock.advance(body.advanceMs);
		this.core.engines.legacy.flushDue();
		return ok({ now: clock.now().toISOString(), frozen: clock.frozen });
	}

	private fault(body: z.infer<typeof schemas.faultSchema>): Reply {
		this.core.faults.inject(body.target, body.kind, body.count);
		return ok(this.core.faults.snapshot());
	}

	private outbound(body: z.infer<typeof schemas.outboundConfigSchema>): Reply {
		const legacy = this.state.legacy;
		// Switching it back on starts a fresh error count, as re-enabling in the UI does.
		if (body.enabled && !legacy.enabled) legacy.consecutiveErrors = 0;
		Object.assign(legacy, body);
		const { url, enabled, aggregationHours } = legacy;
		return ok({ url, enabled, aggregationHours });
	}

	private inbound(body: z.infer<typeof schemas.inboundConfigSchema>): Reply {
		Object.assign(this.state.inbound, body);
		const { enabled, rateLimits } = this.state.inbound;
		return ok({ enabled, rateLimits });
	}

	private inboundLog(): Reply {
		const { attempts, log } = this.state.inbound;
		return {
			status: 200,
			body: Buffer.from(JSON.stringify({ attempts, log }, null, 2)),
			headers: { 'content-type': 'application/json', 'content-disposition': 'attachment; filename="inbound-webhook-log.json"' },
		};
	}

	private settings(body: z.infer<typeof schemas.settingsSchema>): Reply {
		const { timezoneOffsetMinutes, ...settings } = body;
		Object.assign(this.core.ctx.settings, settings);
		if (timezoneOffsetMinutes !== undefined) this.state.timezoneOffsetMinutes = timezoneOffsetMinutes;
		return ok({ ...this.core.ctx.settings, timezoneOffsetMinutes: this.state.timezoneOffsetMinutes });
	}

	private phone(body: z.infer<typeof schemas.phoneSchema>): Reply {
		if (body.onWhatsapp) this.state.notOnWhatsapp.delete(body.phone);
		else this.state.notOnWhatsapp.add(body.phone);
		return ok({ notOnWhatsapp: [...this.state.notOnWhatsapp] });
	}

	private async waitForIdle(timeoutMs: number): Promise<Reply> {
		const idle = await this.core.waitForIdle(timeoutMs);
		return idle ? ok({ idle: true }) : json(504, { idle: false, error: `Still busy after ${timeoutMs} ms` });
	}
}
