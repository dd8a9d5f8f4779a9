import { InvalidInputError } from './errors';

/**
 * A Date & Time field's value as the ISO 8601 instant (UTC) the public API takes. The editor's date picker gives
 * a time without zone ("2025-11-03T09:00:00"), meant in the workflow's time zone; expressions may give a zoned
 * string, a JavaScript Date or a Luxon DateTime ({{ $now.minus({ days: 1 }) }}).
 */
export function toApiDateTime(value: unknown, label: string, timeZone: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return checked(value.getTime(), value, label);
	if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return checked(Date.parse(String((value as { toISO: () => unknown }).toISO())), value, label);
	}
	const text = String(value).trim();
	if (text === '') return undefined;
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
	const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
	if (zoned || !/^\d{4}-\d{2}-\d{2}/.test(text)) return checked(Date.parse(text), value, label);
	// A time without zone is a wall-clock time of the workflow's time zone.
	const asIfUtc = Date.parse(dateOnly ? `${text}T00:00:00Z` : `${text}Z`);
	return checked(asIfUtc - zoneOffsetMs(timeZone, asIfUtc), value, label);
}

function checked(ms: number, value: unknown, label: string): string {
	if (Number.isNaN(ms)) {
		throw new InvalidInputError(label, `${JSON.stringify(value)} is not a date. Pick one in the calendar, or map a date such as 2025-11-03T09:00:00Z or {{ $now.minus({ days: 1 }) }}.`);
	}
	return new Date(ms).toISOString();
}

/** How far a time zone is ahead of UTC at about that instant, in ms (with daylight saving). */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		}).formatToParts(new Date(utcMs));
	} catch {
		// An unknown zone name: take the time as UTC rather than fail the run.
		return 0;
	}
	const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value);
	const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wallClock - Math.floor(utcMs / 1000) * 1000;
}
