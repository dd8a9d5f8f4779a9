import { V2_TIMESTAMP_PATTERN } from '../protocol';

/**
 * The timestamp spellings deliveries use: legacy `2021-02-24T16:25:29+0000`, v2 `2024-01-08 10:35:18 +0200`,
 * and plain ISO 8601 (`...Z`, `...+02:00`). A missing zone means UTC, as both generations document UTC.
 */
const LOOSE_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) ?(Z|[+-]\d{2}:?\d{2})?$/i;

function isoZone(zone: string | undefined): string {
	if (zone === undefined || zone.toUpperCase() === 'Z') return 'Z';
	return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** ISO 8601 in UTC (`2026-03-02T09:14:03.000Z`), or null when the value is absent or not a timestamp. */
export function toIsoUtc(value: string | number | null | undefined): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number') return fromEpoch(value);
	const text = value.trim();
	const match = V2_TIMESTAMP_PATTERN.exec(text) ?? LOOSE_TIMESTAMP.exec(text);
	if (match === null) return /^\d+(\.\d+)?$/.test(text) ? fromEpoch(Number(text)) : null;
	const [, date, time] = match;
	const zone = match.length === 5 ? `${match[3]}${match[4]}` : match[3];
	const parsed = new Date(`${date}T${time}${isoZone(zone)}`);
	return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** Epoch seconds (or milliseconds, when too large to be seconds). */
function fromEpoch(value: number): string | null {
	const millis = value > 1e11 ? value : value * 1000;
	const parsed = new Date(millis);
	return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}
