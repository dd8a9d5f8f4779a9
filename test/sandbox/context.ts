import type { SandboxClock } from './clock';
import type { Activity } from './activity';
import type { SeededRandom } from './random';
import type { SandboxState } from './state';
import type { Timers } from './timers';

/** What every sandbox part shares. `state` is replaced on reset, so parts read it through the context. */
export interface SandboxContext {
	state: SandboxState;
	readonly clock: SandboxClock;
	readonly random: SeededRandom;
	readonly timers: Timers;
	readonly activity: Activity;
	readonly settings: SandboxSettings;
	baseUrl: string;
}

export interface SandboxSettings {
	/** Mean gap between two sent messages; each real gap is random within ±50 %. */
	gapMs: number;
	/** v2 receivers must answer within this (TimelinesAI: 5 s). */
	v2DeadlineMs: number;
	/** Legacy receivers must answer within this. */
	legacyDeadlineMs: number;
	/** How long an injected "slow" fault holds its answer. */
	slowFaultMs: number;
	/** Added before every answer of the inbound webhook and the public API (0: none), as a distant server's. */
	latencyMs: number;
	/** Which names chat events go by in deliveries and webhook lists: today's, or the former ones of older workspaces. */
	chatEventNames: ChatEventNames;
	/** The public API's 30 requests a second per IP (plus 10 queued), answered with 429 beyond. */
	apiRateLimit: boolean;
	/**
	 * The same per-IP limit in front of the inbound webhook too, sharing the API's turns (the spec names it for the
	 * public API only; a proxy in front of app.timelines.ai would count both). For benchmarks.
	 */
	inboundIpRateLimit: boolean;
}

export type ChatEventNames = 'current' | 'former';

export const APP_URL = 'https://app.timelines.ai';

export function chatUrl(chatId: number): string {
	return `${APP_URL}/chat/${chatId}/messages/`;
}
