/**
 * A Date & Time field's value as the API's ISO 8601 text. n8n's date picker gives a time without a zone
 * ("2026-03-02T10:00:00"), meant in the workflow's time zone; expressions give text with a zone, a JS Date,
 * or a Luxon DateTime ({{ $now }}). Without a dependency, the zone's offset comes from Intl.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** How far `timeZone`'s clocks are ahead of UTC at the instant `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value);
	const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wallClock - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The UTC instant at which `timeZone`'s clocks show the wall-clock time `wallMs` (written as if it were UTC). */
function fromWallClock(wallMs: number, timeZone: string): number {
	const guess = wallMs - zoneOffsetMs(wallMs, timeZone);
	// Second pass: the offset at the guess is the right one unless a DST change lies between the two.
	return wallMs - zoneOffsetMs(guess, timeZone);
}

function isKnownZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

/**
 * The value as the API takes it: a date alone as it is (`2026-03-02`: the API reads whole days), anything
 * with a time as a UTC instant. Undefined when empty; `invalid` when it is not a date.
 */
export function toApiDateTime(value: unknown, timeZone: string): string | undefined | 'invalid' {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString();
	if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const ms = (value as { toMillis: () => number }).toMillis();
		return Number.isFinite(ms) ? new Date(ms).toISOString() : 'invalid';
	}
	if (typeof value !== 'string') return 'invalid';
	const text = value.trim();
	const match = DATE_TIME.exec(text);
	if (!match) return 'invalid';
	const [, year, month, day, hour, minute, second = '0', fraction = '0', zone] = match;
	if (hour === undefined) return zone === undefined ? text : 'invalid';
	const wallMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
	const check = new Date(wallMs);
	if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return 'invalid';
	if (zone !== undefined) {
		const sign = zone.toUpperCase() === 'Z' ? 0 : zone.startsWith('-') ? -1 : 1;
		const digits = zone.replace(/\D/g, '');
		const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
		return new Date(wallMs - offsetMs).toISOString();
	}
	return new Date(fromWallClock(wallMs, isKnownZone(timeZone) ? timeZone : 'UTC')).toISOString();
}
