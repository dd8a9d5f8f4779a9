import type { SandboxContext } from './context';
import { postJson } from './http';
import { legacyBundle, legacySingle, messageContext, type MessageContext } from './payloads';
import type { LegacyBundle, LegacySingle } from './spec-schemas';
import { pushNewest, type LegacyDelivery } from './state';

/** The workspace "Outbound" integration: single deliveries or per-chat bundles, auto-disable after errors. */

export const LEGACY_ACTIVITY_SIZE = 10;
export const LEGACY_LOG_SIZE = 100;
/** "More than 10 consecutive errors" disables the integration. */
export const LEGACY_MAX_CONSECUTIVE_ERRORS = 10;

const HOUR_MS = 3_600_000;

export class LegacyOutbound {
	/** Deliveries leave one after another, in the order messages appeared. */
	private chain: Promise<void> = Promise.resolve();

	constructor(private readonly ctx: SandboxContext) {}

	onMessage(mc: MessageContext): void {
		const legacy = this.ctx.state.legacy;
		if (!legacy.enabled || !legacy.url) return;
		if (legacy.aggregationHours === 0) {
			this.enqueue('single', mc.chat.id, [mc.message.uid], legacySingle(this.ctx, mc));
			return;
		}
		const periodMs = legacy.aggregationHours * HOUR_MS;
		const bundle = legacy.pendingBundles.get(mc.chat.id) ?? {
			// Bundles close at the end of the current period (on the hour, every N hours, UTC).
			dueAtMs: (Math.floor(this.ctx.clock.nowMs() / periodMs) + 1) * periodMs,
			items: [],
		};
		bundle.items.push({ uid: mc.message.uid, isNewChat: mc.isNewChat });
		legacy.pendingBundles.set(mc.chat.id, bundle);
	}

	/** Sends every bundle whose period is over (all of them with `all`). */
	flushDue(all = false): void {
		const legacy = this.ctx.state.legacy;
		const now = this.ctx.clock.nowMs();
		for (const [chatId, bundle] of [...legacy.pendingBundles]) {
			if (!all && bundle.dueAtMs > now) continue;
			legacy.pendingBundles.delete(chatId);
			if (!legacy.enabled || !legacy.url) continue;
			const contexts = bundle.items.flatMap(({ uid, isNewChat }) => {
				const message = this.ctx.state.messages.find((candidate) => candidate.uid === uid);
				return message ? [messageContext(this.ctx, message, isNewChat)] : [];
			});
			if (contexts.length) {
				this.enqueue('bundle', chatId, contexts.map((mc) => mc.message.uid), legacyBundle(this.ctx, contexts));
			}
		}
	}

	private enqueue(kind: LegacyDelivery['kind'], chatId: number, messageUids: string[], request: LegacySingle | LegacyBundle) {
		const state = this.ctx.state;
		const url = state.legacy.url;
		this.chain = this.ctx.activity.track(
			this.chain.then(async () => {
				const result = await postJson(url, request, this.ctx.settings.legacyDeadlineMs, this.ctx.timers.signal);
				// A reset during the delivery started a new workspace: record nothing in it.
				if (state !== this.ctx.state) return;
				const delivery: LegacyDelivery = {
					at: this.ctx.clock.now().toISOString(),
					kind,
					url,
					chatId,
					messageUids,
					request,
					status: result.status,
					responseBody: result.body,
					...(result.error ? { error: result.error } : {}),
				};
				this.record(delivery);
			}),
		);
	}

	private record(delivery: LegacyDelivery): void {
		const legacy = this.ctx.state.legacy;
		pushNewest(legacy.activity, delivery, LEGACY_ACTIVITY_SIZE);
		pushNewest(legacy.log, delivery, LEGACY_LOG_SIZE);
		// Only 200 counts as success: 201 or 204 are errors to TimelinesAI.
		if (delivery.status === 200) {
			legacy.consecutiveErrors = 0;
			return;
		}
		legacy.consecutiveErrors++;
		if (legacy.enabled && legacy.consecutiveErrors > LEGACY_MAX_CONSECUTIVE_ERRORS) {
			legacy.enabled = false;
			legacy.ownerNotifications.push({
				at: delivery.at,
				message:
					`The Outbound webhook was disabled after ${legacy.consecutiveErrors} consecutive errors ` +
					`(last: ${delivery.status === null ? delivery.error : `HTTP ${delivery.status}`}).`,
			});
		}
	}
}
