import type {
	ApiConfigRequest,
	ClockRequest,
	InboundConfigRequest,
	OutboundConfigRequest,
	SettingsRequest,
	SimulateCallRequest,
	SimulateMessageRequest,
	UpsertChatRequest,
} from './control-schemas';
import type { FaultKind, FaultTarget } from './faults';
import type { MessageStatus } from './spec-schemas';
import type { ChatNote, SandboxMessage, InboundAttempt, InboundLogEntry } from './state';
import type { SandboxStateView } from './state-view';
import type { Chat, Teammate } from './workspace';

/** Typed client of the sandbox control surface (`<controlUrl>/...`), for tests, demos and scripts. */

export interface SimulatedMessage {
	message_uid: string;
	message_id: string;
	chat_id: number;
	is_new_chat: boolean;
}

export interface TestFileOptions {
	/** Bytes (default 1024). */
	size?: number;
	contentType?: string;
	/** Leave out Content-Length, as some servers do. */
	chunked?: boolean;
}

export class SandboxControl {
	constructor(readonly controlUrl: string) {}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.controlUrl}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`Sandbox control ${method} ${path} failed: HTTP ${res.status} ${text}`);
		return JSON.parse(text) as T;
	}

	/** Back to the seeded workspace; the inbound URL and API token stay those of `startSandbox`. */
	reset(): Promise<{ inboundUrl: string }> {
		return this.call('POST', '/reset');
	}

	state(): Promise<SandboxStateView> {
		return this.call('GET', '/state');
	}

	/** A message that arrives in (or is sent from the phone into) a chat, announced to every outbound receiver. */
	simulateIncoming(message: SimulateMessageRequest): Promise<SimulatedMessage> {
		return this.call('POST', '/messages', message);
	}

	/** A WhatsApp call in a chat that has ended (by default a missed incoming call), announced to the call webhooks. */
	simulateCall(call: SimulateCallRequest): Promise<{ call_uid: string; chat_id: number; event_type: string }> {
		return this.call('POST', '/calls', call);
	}

	setMessageStatus(id: string, status: MessageStatus): Promise<SandboxMessage> {
		return this.call('POST', `/messages/${encodeURIComponent(id)}/status`, { status });
	}

	/** Adds a chat, or replaces the one with the same id. */
	upsertChat(chat: UpsertChatRequest): Promise<Chat> {
		return this.call('POST', '/chats', chat);
	}

	setResponsible(chatId: number, responsible: Teammate | null): Promise<Chat> {
		return this.call('POST', `/chats/${chatId}/responsible`, { responsible });
	}

	setAccountStatus(phone: string, status: 'active' | 'disconnected' | 'suspended'): Promise<unknown> {
		return this.call('POST', '/accounts/status', { phone, status });
	}

	advanceClock(ms: number): Promise<{ now: string; frozen: boolean }> {
		return this.call('POST', '/clock', { advanceMs: ms });
	}

	/** Sets the sandbox time (ISO 8601); `frozen` stops it from moving with real time. */
	setClock(request: ClockRequest): Promise<{ now: string; frozen: boolean }> {
		return this.call('POST', '/clock', request);
	}

	/**
	 * The next `count` requests to `target` fail as `kind` says (see FAULT_KINDS), e.g.
	 * `injectFault('api', 'accept-then-502')`: the next API call is carried out, then answered by a proxy's 502 page.
	 */
	injectFault(target: FaultTarget, kind: FaultKind, count = 1): Promise<Record<string, FaultKind[]>> {
		return this.call('POST', '/faults', { target, kind, count });
	}

	clearFaults(): Promise<unknown> {
		return this.call('DELETE', '/faults');
	}

	/** The workspace "Outbound" integration: `aggregationHours` 0 means "Don't aggregate". */
	configureOutbound(config: OutboundConfigRequest): Promise<{ url: string; enabled: boolean; aggregationHours: number }> {
		return this.call('PUT', '/outbound', config);
	}

	/** Sends every pending bundle now, whatever the time. */
	flushBundles(): Promise<unknown> {
		return this.call('POST', '/outbound/flush');
	}

	async regenerateInboundUrl(): Promise<string> {
		return (await this.call<{ inboundUrl: string }>('POST', '/inbound/regenerate')).inboundUrl;
	}

	/** `enabled: false` disables the inbound webhook; `rateLimits` per URL, e.g. `[{limit: 10, windowMs: 60000}]`. */
	configureInbound(config: InboundConfigRequest): Promise<unknown> {
		return this.call('PUT', '/inbound', config);
	}

	/** `setRateLimit(true|false)`: the public API's 30 requests a second per IP (plus 10 queued), 429 beyond. */
	setRateLimit(enabled: boolean): Promise<unknown>;
	/** `setRateLimit(limit, windowMs)`: a limit per inbound webhook URL, e.g. 10 a minute. */
	setRateLimit(limit: number, windowMs: number): Promise<unknown>;
	setRateLimit(limitOrEnabled: number | boolean, windowMs?: number): Promise<unknown> {
		if (typeof limitOrEnabled === 'boolean') return this.configure({ apiRateLimit: limitOrEnabled });
		return this.configureInbound({ rateLimits: [{ limit: limitOrEnabled, windowMs: windowMs ?? 60_000 }] });
	}

	/** The "Download log" file: last sending attempts and the detailed log of the last 100 calls. */
	inboundLog(): Promise<{ attempts: InboundAttempt[]; log: InboundLogEntry[] }> {
		return this.call('GET', '/inbound/log');
	}

	/** `accessDenied` makes the API answer 403; `rateLimits` make it answer 429. */
	configureApi(config: ApiConfigRequest): Promise<unknown> {
		return this.call('PUT', '/api', config);
	}

	configure(settings: SettingsRequest): Promise<unknown> {
		return this.call('PUT', '/settings', settings);
	}

	/** `former`: chat events are delivered and listed under the names older workspaces use (`chat:created`, …). */
	useChatEventNames(chatEventNames: 'current' | 'former'): Promise<unknown> {
		return this.configure({ chatEventNames });
	}

	setPacing(gapMs: number): Promise<unknown> {
		return this.configure({ gapMs });
	}

	/** Every answer of the inbound webhook and the public API comes `ms` later (0: at once); control calls do not. */
	/** TimelinesAI's per-IP limit (30 a second plus 10 queued) in front of the public API and the inbound webhook. */
	setIpRateLimit(enabled: boolean): Promise<unknown> {
		return this.configure({ apiRateLimit: enabled, inboundIpRateLimit: enabled });
	}

	setLatency(ms: number): Promise<unknown> {
		return this.configure({ latencyMs: ms });
	}

	setCredits(credits: { quota?: number; remaining?: number }): Promise<unknown> {
		return this.call('PUT', '/credits', credits);
	}

	setOnWhatsapp(phone: string, onWhatsapp: boolean): Promise<unknown> {
		return this.call('PUT', '/phones', { phone, onWhatsapp });
	}

	/** A chat as the sandbox holds it (labels, responsible, read, closed, unattended, AI Agent switch, last message). */
	async chat(chatId: number): Promise<Chat> {
		const chat = (await this.state()).chats.find((candidate) => candidate.id === chatId);
		if (!chat) throw new Error(`The sandbox has no chat ${chatId}`);
		return chat;
	}

	async chatLabels(chatId: number): Promise<string[]> {
		return (await this.chat(chatId)).labels;
	}

	/** Notes added through the API, oldest first; of one chat when `chatId` is given. */
	async notes(chatId?: number): Promise<ChatNote[]> {
		const { notes } = await this.state();
		return chatId === undefined ? notes : notes.filter((note) => note.chatId === chatId);
	}

	/** A message's reactions: who reacted (a WhatsApp account's phone) to the emoji. */
	async reactions(messageUid: string): Promise<Record<string, string>> {
		const message = (await this.state()).messages.find((candidate) => candidate.uid === messageUid);
		if (!message) throw new Error(`The sandbox has no message ${messageUid}`);
		return message.reactions ?? {};
	}

	/** Public API calls served since the last reset: what `api_calls_quota.used` reports. */
	async apiCallCount(): Promise<number> {
		return (await this.state()).api.calls;
	}

	/** 429 answers the public API gave because a rate limit was reached (injected faults not counted). */
	async rateLimitedCount(): Promise<number> {
		return (await this.state()).api.rateLimited;
	}

	/** The most public API requests the sandbox held at once since the last reset (received, not yet answered). */
	async peakApiInFlight(): Promise<number> {
		return (await this.state()).api.peakInFlight;
	}

	/** Resolves once the queue is drained and every delivery has its answer. */
	async waitForIdle(timeoutMs = 10_000): Promise<void> {
		await this.call('POST', '/wait-for-idle', { timeoutMs });
	}

	/** A loopback URL serving `size` deterministic bytes with a content type. */
	testFileUrl(name: string, options: TestFileOptions = {}): string {
		const query = new URLSearchParams({ size: String(options.size ?? 1024), type: options.contentType ?? 'application/octet-stream' });
		if (options.chunked) query.set('chunked', '1');
		return `${this.controlUrl}/test-files/${encodeURIComponent(name)}?${query}`;
	}

	/** A loopback URL that answers 200 with an HTML "share page", as file hosts do. */
	sharePageUrl(name = 'invoice.pdf'): string {
		return `${this.controlUrl}/test-files/share/${encodeURIComponent(name)}`;
	}
}
