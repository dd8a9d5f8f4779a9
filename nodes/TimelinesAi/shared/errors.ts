/**
 * Why a call to TimelinesAI failed:
 * - `rejected`: TimelinesAI answered with an error status (nothing was accepted);
 * - `unreachable`: no connection was made, so nothing was sent;
 * - `ambiguous`: the request went out but no answer came back; TimelinesAI may have acted on it;
 * - `invalid-response`: a success status with a body that is not the documented shape.
 */
type TimelinesAiErrorKind = 'rejected' | 'unreachable' | 'ambiguous' | 'invalid-response';

interface TimelinesAiErrorDetails {
	kind: TimelinesAiErrorKind;
	/** One sentence saying what happened. */
	message: string;
	hint: string;
	httpStatus?: number;
	/** The node field TimelinesAI's refusal concerns, labelled as in the node. */
	field?: string;
}

/** A failed call to TimelinesAI; nodes turn it into a NodeApiError with `toNodeError`. */
export class TimelinesAiRequestError extends Error {
	readonly kind: TimelinesAiErrorKind;

	readonly hint: string;

	readonly httpStatus?: number;

	readonly field?: string;

	constructor(details: TimelinesAiErrorDetails) {
		super(details.message);
		this.name = 'TimelinesAiRequestError';
		this.kind = details.kind;
		this.hint = details.hint;
		this.httpStatus = details.httpStatus;
		this.field = details.field;
	}
}

/** A problem with what the user filled in, found before anything was sent. */
export class InvalidInputError extends Error {
	constructor(
		/** The field's label as the user sees it in the node. */
		readonly field: string,
		/** One sentence: what is wrong and how to fix it (without the item/field prefix). */
		readonly problem: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'InvalidInputError';
	}
}

/** Expressions can yield numbers or objects; numbers are fine as text, objects are a mapping mistake. */
export function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new InvalidInputError(
		field,
		`got ${Array.isArray(value) ? 'a list' : 'an object'} instead of text. Map a single value, e.g. {{ $json.message }} rather than {{ $json }}.`,
	);
}

/** A field with fixed choices, which an expression may fill with anything: the value when it is one of them. */
export function readChoice<T extends string>(value: unknown, choices: readonly T[], field: string): T {
	if ((choices as readonly unknown[]).includes(value)) return value as T;
	throw new InvalidInputError(field, `${JSON.stringify(value)} is not a choice. Use one of: ${choices.join(', ')}.`);
}
