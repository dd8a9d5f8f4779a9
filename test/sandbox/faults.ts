import type http from 'node:http';

import type { Reply } from './http';

/** Injected faults: the next N answers of one surface fail in a chosen way. */

export const FAULT_TARGETS = ['inbound', 'api', 'downloads'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

/**
 * `500` / `429`: answer that status (429 with `Retry-After: 1`) without doing anything.
 * `slow`: hold the answer for `slowFaultMs`, then answer normally.
 * `reset`: drop the connection without doing anything.
 * `accept-then-reset`: do the work (e.g. accept the message), then drop the connection unanswered.
 * `accept-then-502` / `-503` / `-504`: do the work, then answer as a proxy in front of TimelinesAI does
 * when it gave up waiting (that status, an HTML page).
 */
export const FAULT_KINDS = ['500', '429', 'slow', 'reset', 'accept-then-reset', 'accept-then-502', 'accept-then-503', 'accept-then-504'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class Faults {
	private readonly pending = new Map<FaultTarget, FaultKind[]>();

	inject(target: FaultTarget, kind: FaultKind, count: number): void {
		const list = this.pending.get(target) ?? [];
		for (let i = 0; i < count; i++) list.push(kind);
		this.pending.set(target, list);
	}

	take(target: FaultTarget): FaultKind | undefined {
		return this.pending.get(target)?.shift();
	}

	clear(): void {
		this.pending.clear();
	}

	snapshot(): Record<string, FaultKind[]> {
		return Object.fromEntries(this.pending);
	}
}

/** The error body each surface uses, so an injected fault looks like a real one. */
export function faultReply(target: FaultTarget, status: 500 | 429): Reply {
	const message = status === 500 ? 'Internal server error' : 'Too many requests';
	const headers: Record<string, string> = status === 429 ? { 'retry-after': '1' } : {};
	if (target === 'inbound') return { status, body: { status, data: {}, message }, headers };
	if (target === 'api') return { status, body: { status: 'error', message }, headers };
	return { status, body: Buffer.from(message), headers: { ...headers, 'content-type': 'text/plain' } };
}

export function dropConnection(res: http.ServerResponse): void {
	res.socket?.destroy();
}

/** A proxy's own error page, as nginx or a load balancer sends it: HTML, not TimelinesAI's JSON. */
export function proxyReply(kind: FaultKind): Reply | undefined {
	const match = /^accept-then-(50[234])$/.exec(kind);
	if (!match) return undefined;
	const status = Number(match[1]);
	return { status, body: Buffer.from(`<html><body><h1>${status}</h1></body></html>`), headers: { 'content-type': 'text/html' } };
}
