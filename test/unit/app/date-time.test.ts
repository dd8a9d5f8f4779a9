import { toApiDateTime } from '../../../nodes/TimelinesAi/shared/date-time';

/** Get Messages' After / Before: a Date & Time field's value as the API's ISO 8601 text. */

describe('toApiDateTime', () => {
	it.each([
		['the date picker\'s value, in the workflow\'s zone (winter)', '2026-01-15T10:00:00', 'Europe/Berlin', '2026-01-15T09:00:00.000Z'],
		['the same in summer time', '2026-07-15T10:00:00', 'Europe/Berlin', '2026-07-15T08:00:00.000Z'],
		['west of UTC', '2026-03-02T23:30:00', 'America/New_York', '2026-03-03T04:30:00.000Z'],
		['just after a DST change', '2026-03-29T03:30:00', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
		['without seconds', '2026-01-15T10:00', 'UTC', '2026-01-15T10:00:00.000Z'],
		['with milliseconds', '2026-01-15T10:00:00.250', 'UTC', '2026-01-15T10:00:00.250Z'],
		['with Z: the zone is its own', '2026-01-15T10:00:00Z', 'Asia/Kolkata', '2026-01-15T10:00:00.000Z'],
		['with an offset', '2026-01-15T10:00:00+05:30', 'Europe/Berlin', '2026-01-15T04:30:00.000Z'],
		['with an offset without colon', '2026-01-15T10:00:00-0200', 'UTC', '2026-01-15T12:00:00.000Z'],
		['an unknown zone counts as UTC', '2026-01-15T10:00:00', 'Mars/Olympus', '2026-01-15T10:00:00.000Z'],
		['a date alone stays a date (the API reads whole days)', '2026-03-02', 'Europe/Berlin', '2026-03-02'],
	])('%s', (_case, value, zone, expected) => {
		expect(toApiDateTime(value, zone)).toBe(expected);
	});

	it('takes a JS Date and anything with toMillis (Luxon, as {{ $now }} gives)', () => {
		expect(toApiDateTime(new Date('2026-01-15T10:00:00Z'), 'Europe/Berlin')).toBe('2026-01-15T10:00:00.000Z');
		expect(toApiDateTime({ toMillis: () => Date.parse('2026-01-15T10:00:00Z') }, 'Europe/Berlin')).toBe('2026-01-15T10:00:00.000Z');
	});

	it.each([undefined, null, ''])('empty (%p) is no filter', (value) => {
		expect(toApiDateTime(value, 'UTC')).toBeUndefined();
	});

	it.each(['yesterday', '2026-02-30T10:00:00', '2026-01-15T25:00:00', '15.01.2026', '2026-03-02Z', 42, new Date('nope'), { a: 1 }])('%p is invalid', (value) => {
		expect(toApiDateTime(value, 'UTC')).toBe('invalid');
	});
});
