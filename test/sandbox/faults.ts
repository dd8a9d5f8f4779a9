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
 * `accept-then-502` / `-503` / `-504`: do the work, then answer that status the way a proxy in front of
 * TimelinesAI does (an HTML page, not TimelinesAI's JSON), whatever the work's own answer was.
 */
export const FAULT_KINDS = ['500', '429', 'slow', 'reset', 'accept-then-reset', 'accept-then-502', 'accept-then-503', 'accept-then-504'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The pages nginx answers when what stands behind it fails, fails to answer in time, or is unavailable. */
const PROXY_STATUS_TEXT = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' } as const;
type ProxyStatus = keyof typeof PROXY_STATUS_TEXT;

/** The proxy status an `accept-then-5xx` fault answers with; undefined for other faults. */
export function proxyStatusAfterWork(kind: FaultKind | undefined): ProxyStatus | undefined {
	const match = kind && /^accept-then-(50[234])$/.exec(kind);
	return match ? (Number(match[1]) as ProxyStatus) : undefined;
}

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

export function proxyReply(status: ProxyStatus): Reply {
	const title = `${status} ${PROXY_STATUS_TEXT[status]}`;
	const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
	return { status, body: Buffer.from(page), headers: { 'content-type': 'text/html', server: 'nginx' } };
}

export function dropConnection(res: http.ServerResponse): void {
	res.socket?.destroy();
}
