import type { SandboxContext, SandboxSettings } from './context';
import { postJson } from './http';
import {
	currentEventType,
	FORMER_CHAT_EVENT_NAMES,
	type AccountEventType,
	type AnyEventType,
	type ChatEventType,
	type EventType,
	type FormerChatEventType,
	type Webhook,
} from './spec-schemas';
import { accountById, chatById, pushNewest, type V2Delivery } from './state';
import { v2AccountEvent, v2CallEvent, v2ChatEvent, v2MessageEvent, type CallFacts, type MessageContext } from './payloads';

/** Public-API webhooks: each enabled webhook gets the events of its one type, with a 5 s answer deadline. */

export const V2_DELIVERY_LOG_SIZE = 200;

/** The name an event goes by in this workspace: older ones use the former chat event names. */
export function workspaceEventName<T extends EventType>(settings: SandboxSettings, type: T): T | FormerChatEventType {
	if (settings.chatEventNames === 'current') return type;
	return (FORMER_CHAT_EVENT_NAMES as Partial<Record<EventType, FormerChatEventType>>)[type] ?? type;
}

/** A webhook as this workspace lists it. */
export function listedWebhook(settings: SandboxSettings, webhook: Webhook): Webhook {
	return { ...webhook, event_type: workspaceEventName(settings, currentEventType(webhook.event_type)) };
}
/** The owner is told once a webhook has failed this many times in a row. */
export const V2_NOTIFY_AFTER_ERRORS = 10;

export class V2Outbound {
	/** Per webhook, deliveries go in order. */
	private chains = new Map<number, Promise<void>>();

	constructor(private readonly ctx: SandboxContext) {}

	onMessage(mc: MessageContext): void {
		const { direction } = mc.message;
		if (mc.isNewChat) {
			const chatEvents: ChatEventType[] = ['chat:new', direction === 'received' ? 'chat:incoming:new' : 'chat:outgoing:new'];
			for (const type of chatEvents) this.emit(type, (name) => v2ChatEvent(mc.chat, mc.account, name));
		}
		for (const type of ['message:new', `message:${direction}:new`] as const) {
			this.emit(type, () => v2MessageEvent(this.ctx, mc, type));
		}
	}

	onResponsibleChanged(chatId: number): void {
		const chat = chatById(this.ctx.state, chatId);
		if (!chat) return;
		const type = chat.responsible ? 'chat:responsible:assigned' : 'chat:responsible:unassigned';
		this.emit(type, (name) => v2ChatEvent(chat, accountById(this.ctx.state, chat.accountId), name));
	}

	onAccountEvent(accountId: string, type: AccountEventType): void {
		const account = accountById(this.ctx.state, accountId);
		this.emit(type, () => v2AccountEvent(account, type));
	}

	onCall(chatId: number, call: CallFacts): void {
		const chat = chatById(this.ctx.state, chatId);
		if (!chat) return;
		this.emit(call.type, () => v2CallEvent(this.ctx, chat, accountById(this.ctx.state, chat.accountId), call));
	}

	/**
	 * Builds the payload once per webhook, so each gets its own attachment links. A webhook registered under
	 * either name of an event gets it, named the way this workspace names it.
	 */
	private emit<T extends EventType>(type: T, payload: (name: T | FormerChatEventType) => unknown): void {
		const name = workspaceEventName(this.ctx.settings, type);
		for (const webhook of this.ctx.state.webhooks) {
			if (webhook.enabled && currentEventType(webhook.event_type) === type) this.deliver(webhook, name, payload(name));
		}
	}

	private deliver(webhook: Webhook, eventType: AnyEventType, payload: unknown): void {
		const state = this.ctx.state;
		const previous = this.chains.get(webhook.id) ?? Promise.resolve();
		const next = this.ctx.activity.track(
			previous.then(async () => {
				const result = await postJson(webhook.url, payload, this.ctx.settings.v2DeadlineMs, this.ctx.timers.signal);
				if (state !== this.ctx.state) return;
				const delivery: V2Delivery = {
					at: this.ctx.clock.now().toISOString(),
					webhookId: webhook.id,
					eventType,
					url: webhook.url,
					payload,
					status: result.status,
					responseBody: result.body,
					...(result.error ? { error: result.error } : {}),
					durationMs: result.durationMs,
				};
				pushNewest(state.v2Deliveries, delivery, V2_DELIVERY_LOG_SIZE);
				this.count(webhook, delivery);
			}),
		);
		this.chains.set(webhook.id, next);
	}

	/** `errors_counter` counts failures in a row; a 2xx answer in time resets it. */
	private count(webhook: Webhook, delivery: V2Delivery): void {
		if (delivery.status !== null && delivery.status >= 200 && delivery.status < 300) {
			webhook.errors_counter = 0;
			return;
		}
		webhook.errors_counter++;
		if (webhook.errors_counter === V2_NOTIFY_AFTER_ERRORS) {
			this.ctx.state.v2OwnerNotifications.push({
				at: delivery.at,
				message: `Webhook ${webhook.id} (${webhook.event_type}) failed ${webhook.errors_counter} times in a row.`,
			});
		}
	}

	reset(): void {
		this.chains.clear();
	}
}
