import { withQuotasLeft } from '../../../nodes/TimelinesAi/resources/workspace/get';
import { toApiDateTime } from '../../../nodes/TimelinesAi/shared/dates';
import { readPages, type Page } from '../../../nodes/TimelinesAi/shared/http';

/** The pure parts of the read operations: paging, Date & Time fields, quotas left. */

function pages<T>(...answers: Array<Page<T>>) {
	const asked: number[] = [];
	const readPage = async (page: number) => {
		asked.push(page);
		return answers[page - 1] ?? { items: [], hasMore: false };
	};
	return { asked, readPage };
}

describe('readPages', () => {
	it('reads until the last page, or only as many pages as the limit needs', async () => {
		const all = pages({ items: [1, 2], hasMore: true }, { items: [3, 4], hasMore: true }, { items: [5], hasMore: false });
		expect(await readPages(all.readPage, Number.POSITIVE_INFINITY)).toEqual([1, 2, 3, 4, 5]);
		expect(all.asked).toEqual([1, 2, 3]);
		const limited = pages({ items: [1, 2], hasMore: true }, { items: [3, 4], hasMore: true });
		expect(await readPages(limited.readPage, 3)).toEqual([1, 2, 3]);
		expect(limited.asked).toEqual([1, 2]);
	});

	it('an empty page ends the loop even when it says there are more', async () => {
		const lying = pages({ items: [1], hasMore: true }, { items: [], hasMore: true }, { items: [2], hasMore: false });
		expect(await readPages(lying.readPage, Number.POSITIVE_INFINITY)).toEqual([1]);
		expect(lying.asked).toEqual([1, 2]);
	});
});

describe('toApiDateTime', () => {
	it.each([
		['a time from the date picker, in the workflow time zone', '2025-11-03T09:00:00', 'Europe/Berlin', '2025-11-03T08:00:00.000Z'],
		['the same in summer time', '2025-07-03T09:00:00', 'Europe/Berlin', '2025-07-03T07:00:00.000Z'],
		['a date alone: its midnight there', '2025-11-03', 'America/New_York', '2025-11-03T05:00:00.000Z'],
		['a time that says its zone', '2025-11-03T09:00:00+05:30', 'Europe/Berlin', '2025-11-03T03:30:00.000Z'],
		['UTC', '2025-11-03T09:00:00Z', 'Asia/Tokyo', '2025-11-03T09:00:00.000Z'],
		['a JavaScript Date', new Date('2025-11-03T09:00:00Z'), 'Asia/Tokyo', '2025-11-03T09:00:00.000Z'],
		['a Luxon DateTime from an expression', { toISO: () => '2025-11-03T10:00:00.000+01:00' }, 'UTC', '2025-11-03T09:00:00.000Z'],
	])('%s', (_case, value, zone, expected) => {
		expect(toApiDateTime(value, 'Created After', zone)).toBe(expected);
	});

	it('empty is no filter; text that is no date names the field and the fix', () => {
		expect(toApiDateTime('', 'Created After', 'UTC')).toBeUndefined();
		expect(toApiDateTime(undefined, 'Created After', 'UTC')).toBeUndefined();
		expect(() => toApiDateTime('yesterday', 'Created After', 'UTC')).toThrow(/^Created After: "yesterday" is not a date\. Pick one in the calendar/);
	});
});

describe('withQuotasLeft', () => {
	it('adds left to every quota, never below 0, and leaves the rest as it is', () => {
		const workspace = {
			plan: 'Pro',
			seats: { total: 5, used: 3, period_start: 'a', period_end: 'b' },
			messaging_quota: { total: 100, used: 105 },
			non_recurring_quota: { remaining_balance: 7, last_updated_at: 'c' },
		};
		expect(withQuotasLeft(workspace)).toEqual({
			plan: 'Pro',
			seats: { total: 5, used: 3, left: 2, period_start: 'a', period_end: 'b' },
			messaging_quota: { total: 100, used: 105, left: 0 },
			non_recurring_quota: { remaining_balance: 7, last_updated_at: 'c' },
		});
	});
});
