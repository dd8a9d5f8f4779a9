import http from 'node:http';
import type { z, ZodTypeAny } from 'zod';

/** Small HTTP helpers shared by every sandbox surface: one request shape in, one reply shape out. */

export interface SandboxRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	/** The client's address (rate limits count per IP). */
	ip: string;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Close the connection after the handler ran, without answering (an "accepted, then dropped" fault). */
	dropConnection?: boolean;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
	return { status, body, headers };
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Parses a JSON body; `undefined` when it is not JSON at all. */
export function parseJson(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return undefined;
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function writeReply(res: http.ServerResponse, method: string, reply: Reply): void {
	const isBuffer = Buffer.isBuffer(reply.body);
	const payload = reply.body === undefined ? Buffer.alloc(0) : isBuffer ? (reply.body as Buffer) : Buffer.from(JSON.stringify(reply.body));
	const headers: Record<string, string> = {
		...(reply.body !== undefined && !isBuffer ? { 'content-type': 'application/json; charset=utf-8' } : {}),
		'content-length': String(payload.length),
		...reply.headers,
	};
	// Node streams a body without Content-Length as chunked.
	if (headers['transfer-encoding']) delete headers['content-length'];
	res.writeHead(reply.status, headers);
	res.end(method === 'HEAD' ? undefined : payload);
}

/** Hosts the sandbox may fetch from or deliver to: nothing beyond this machine. */
export function isLoopbackUrl(url: string): boolean {
	try {
		const { protocol, hostname } = new URL(url);
		return (protocol === 'http:' || protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
	} catch {
		return false;
	}
}

export interface PostResult {
	status: number | null;
	body: string;
	error?: string;
	durationMs: number;
}

/** POSTs JSON without connection reuse (nothing stays open after close) and with an answer deadline. */
export function postJson(url: string, payload: unknown, deadlineMs: number, signal?: AbortSignal): Promise<PostResult> {
	const started = Date.now();
	const done = (status: number | null, body: string, error?: string): PostResult => ({
		status,
		body,
		...(error ? { error } : {}),
		durationMs: Date.now() - started,
	});
	if (!isLoopbackUrl(url)) {
		return Promise.resolve(done(null, '', 'The sandbox delivers only to loopback URLs (127.0.0.1 or localhost)'));
	}
	const data = Buffer.from(JSON.stringify(payload));
	return new Promise((resolve) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				signal,
				headers: { 'content-type': 'application/json', 'content-length': String(data.length), 'user-agent': 'TimelinesAI-Sandbox' },
			},
			(res) => {
				readBody(res).then(
					(body) => resolve(done(res.statusCode ?? null, body.toString('utf8').slice(0, 2000))),
					(err: Error) => resolve(done(res.statusCode ?? null, '', err.message)),
				);
			},
		);
		req.setTimeout(deadlineMs, () => req.destroy(new Error(`No answer within ${deadlineMs} ms`)));
		req.on('error', (err) => resolve(done(null, '', err.message)));
		req.end(data);
	});
}

export interface Download {
	status: number;
	contentType: string;
	data: Buffer;
	/** True when the body was cut off at the byte limit. */
	truncated: boolean;
}

/** GETs a loopback URL, reading at most `limit + 1` bytes so an oversized file is recognised without keeping it. */
export function download(url: string, limit: number, deadlineMs: number, signal?: AbortSignal): Promise<Download> {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { agent: false, signal }, (res) => {
			const chunks: Buffer[] = [];
			let size = 0;
			let finished = false;
			const finish = (truncated: boolean) => {
				if (finished) return;
				finished = true;
				resolve({
					status: res.statusCode ?? 0,
					contentType: String(res.headers['content-type'] ?? ''),
					data: Buffer.concat(chunks),
					truncated,
				});
			};
			res.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				size += chunk.length;
				if (size > limit) {
					finish(true);
					res.destroy();
				}
			});
			res.on('end', () => finish(false));
			res.on('error', (err) => (finished ? undefined : reject(err)));
		});
		req.setTimeout(deadlineMs, () => req.destroy(new Error(`No answer within ${deadlineMs} ms`)));
		req.on('error', reject);
	});
}

export type RouteHandler = (params: string[], req: SandboxRequest) => Reply | Promise<Reply>;
export type RouteTable = Array<[method: string, pattern: RegExp, handler: RouteHandler]>;

/** Runs the first route whose method and pattern match `path`; undefined when none does. */
export function runRoute(routes: RouteTable, req: SandboxRequest, path: string): Reply | Promise<Reply> | undefined {
	for (const [method, pattern, handler] of routes) {
		const match = pattern.exec(path);
		if (match && method === req.method) return handler(match.slice(1).map(decodeURIComponent), req);
	}
	return undefined;
}

/** Parses a JSON object body and validates it; the error names each field's problem. */
export function validateJson<S extends ZodTypeAny>(
	body: Buffer,
	schema: S,
): { data: z.infer<S>; raw: Record<string, unknown> } | { error: string } {
	const raw = body.length ? parseJson(body) : {};
	if (!isPlainObject(raw)) return { error: 'The request body must be a JSON object' };
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		return { error: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ') };
	}
	return { data: parsed.data, raw };
}
