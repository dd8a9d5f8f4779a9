import type { SandboxContext } from './context';
import type { FaultKind } from './faults';
import type { SandboxState } from './state';

/** The JSON answer of `GET /__control/state`: everything a test may want to assert on. File bytes are left out. */
export function stateView(ctx: SandboxContext, extra: { inboundUrl: string; queueLength: number; faults: Record<string, FaultKind[]> }) {
	const state: SandboxState = ctx.state;
	return {
		clock: { now: ctx.clock.now().toISOString(), frozen: ctx.clock.frozen },
		settings: { ...ctx.settings, timezoneOffsetMinutes: state.timezoneOffsetMinutes },
		accounts: state.accounts,
		teammates: state.teammates,
		chats: state.chats,
		labels: state.labels,
		notes: state.notes,
		notOnWhatsapp: [...state.notOnWhatsapp],
		credits: state.credits,
		messages: state.messages,
		queueLength: extra.queueLength,
		files: [...state.files.values()].map(({ data: _data, ...file }) => file),
		inbound: {
			url: extra.inboundUrl,
			enabled: state.inbound.enabled,
			rateLimits: state.inbound.rateLimits,
			attempts: state.inbound.attempts,
			log: state.inbound.log,
		},
		api: {
			accessDenied: state.api.accessDenied,
			rateLimits: state.api.rateLimits,
			/** Whether the 30-a-second limit is on (also under `settings.apiRateLimit`). */
			rateLimit: ctx.settings.apiRateLimit,
			calls: state.api.calls,
			rateLimited: state.api.rateLimited,
			peakInFlight: state.api.peakInFlight,
		},
		outbound: {
			url: state.legacy.url,
			enabled: state.legacy.enabled,
			aggregationHours: state.legacy.aggregationHours,
			consecutiveErrors: state.legacy.consecutiveErrors,
			activity: state.legacy.activity,
			log: state.legacy.log,
			ownerNotifications: state.legacy.ownerNotifications,
			pendingBundles: [...state.legacy.pendingBundles].map(([chatId, bundle]) => ({ chatId, ...bundle })),
		},
		webhooks: state.webhooks,
		deliveries: state.v2Deliveries,
		webhookOwnerNotifications: state.v2OwnerNotifications,
		faults: extra.faults,
	};
}

export type SandboxStateView = ReturnType<typeof stateView>;
