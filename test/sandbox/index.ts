import { randomInt } from 'node:crypto';

import type { ChatEventNames, SandboxSettings } from './context';
import { SandboxCore } from './sandbox';

/** Starts the local TimelinesAI sandbox. See the README's "Sandbox" section. */

export { SandboxControl } from './control-client';
export { WorkspaceWebhooks } from './webhooks-client';
export type { SandboxStateView } from './state-view';
export { FAULT_KINDS, FAULT_TARGETS, type FaultKind, type FaultTarget } from './faults';

/** Default port of `npm run sandbox` (n8n itself uses 5678 and its task broker 5679). */
export const DEFAULT_SANDBOX_PORT = 5690;

export interface SandboxOptions {
	/** 0 (default) picks a free port, for tests. */
	port?: number;
	/** Loopback only by default. */
	host?: string;
	/** Same seed, same tokens and ids; random when left out. */
	seed?: number;
	/**
	 * Seeds only the inbound URL token and the API token (default: `seed`). `npm start` keeps them from one
	 * start to the next while message ids stay fresh, so a trigger's remembered ids never match new messages.
	 */
	tokenSeed?: number;
	/** Mean gap between two sent messages (TimelinesAI: about 2 s; tests: a few ms). Default 2000. */
	gapMs?: number;
	/** Answer deadline of v2 webhook receivers. Default 5000. */
	v2DeadlineMs?: number;
	/** Answer deadline of the legacy Outbound receiver. Default 10000. */
	legacyDeadlineMs?: number;
	/** How long an injected `slow` fault holds the answer. Default 10000. */
	slowFaultMs?: number;
	/** Delay before every answer of the inbound webhook and the public API, in ms (not the control surface). Default 0. */
	latencyMs?: number;
	/** `former`: behave like an older workspace, naming chat events `chat:created`, `chat:assigned`, … Default `current`. */
	chatEventNames?: ChatEventNames;
	/**
	 * The public API's rate limit: 30 requests a second per IP plus 10 queued, 429 with `Retry-After` beyond.
	 * Default off (tests fire faster than that); `control.setRateLimit(true)` switches it while running.
	 */
	apiRateLimit?: boolean;
	/** The same per-IP limit in front of the inbound webhook too, sharing the API's turns. Default off. */
	inboundIpRateLimit?: boolean;
}

export interface RunningSandbox {
	/** Current inbound webhook URL (changes when regenerated through the control surface). */
	readonly inboundUrl: string;
	readonly apiBaseUrl: string;
	readonly apiToken: string;
	readonly controlUrl: string;
	readonly baseUrl: string;
	close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
	const settings: SandboxSettings = {
		gapMs: options.gapMs ?? 2000,
		v2DeadlineMs: options.v2DeadlineMs ?? 5000,
		legacyDeadlineMs: options.legacyDeadlineMs ?? 10_000,
		slowFaultMs: options.slowFaultMs ?? 10_000,
		latencyMs: options.latencyMs ?? 0,
		chatEventNames: options.chatEventNames ?? 'current',
		apiRateLimit: options.apiRateLimit ?? false,
		inboundIpRateLimit: options.inboundIpRateLimit ?? false,
	};
	const seed = options.seed ?? randomInt(2 ** 31);
	const core = new SandboxCore(seed, options.tokenSeed ?? seed, settings);
	await core.listen(options.host ?? '127.0.0.1', options.port ?? 0);
	const baseUrl = core.ctx.baseUrl;
	return {
		get inboundUrl() {
			return core.inboundUrl;
		},
		apiBaseUrl: `${baseUrl}/integrations/api`,
		apiToken: core.apiToken,
		controlUrl: `${baseUrl}/__control`,
		baseUrl,
		close: () => core.close(),
	};
}
