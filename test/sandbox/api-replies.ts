import type { z, ZodTypeAny } from 'zod';

import { json, validateJson, type Reply, type SandboxRequest } from './http';

/** The public API's answers: `{"status":"ok","data":...}` or `{"status":"error","message":...,"error_code"?}`. */

export const ok = (data: unknown): Reply => json(200, { status: 'ok', data });

export const error = (status: number, message: string, errorCode?: string): Reply =>
	json(status, { status: 'error', message, ...(errorCode ? { error_code: errorCode } : {}) });

export const notFound = (what: string): Reply => error(404, `${what} not found`, 'not_found');

/** A well-formed request that breaks a rule of the workspace (a taken name, someone who is no teammate). */
export const unprocessable = (message: string): Reply => error(422, message, 'unprocessable_entity');

/** Parses and validates a JSON body; unknown fields are dropped, not refused. */
export function parseBody<S extends ZodTypeAny>(
	req: SandboxRequest,
	schema: S,
): { data: z.infer<S>; raw: Record<string, unknown> } | { reply: Reply } {
	const result = validateJson(req.body, schema);
	return 'error' in result ? { reply: error(400, result.error, 'bad_request') } : result;
}
