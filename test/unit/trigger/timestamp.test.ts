import { toIsoUtc } from '../../../nodes/TimelinesAi/trigger/item';

describe('timestamps become ISO 8601 UTC', () => {
	it.each([
		['legacy', '2021-02-24T16:25:29+0000', '2021-02-24T16:25:29.000Z'],
		['v2 with offset', '2024-01-08 10:35:18 +0200', '2024-01-08T08:35:18.000Z'],
		['v2 negative offset', '2024-01-08 10:35:18 -0330', '2024-01-08T14:05:18.000Z'],
		['ISO with Z', '2024-01-08T10:35:18Z', '2024-01-08T10:35:18.000Z'],
		['ISO with colon offset', '2024-01-08T10:35:18.250+05:30', '2024-01-08T05:05:18.250Z'],
		['no zone means UTC', '2024-01-08 10:35:18', '2024-01-08T10:35:18.000Z'],
		['epoch seconds', 1704709518, '2024-01-08T10:25:18.000Z'],
		['epoch milliseconds as text', '1704709518000', '2024-01-08T10:25:18.000Z'],
	])('%s', (_name, input, expected) => {
		expect(toIsoUtc(input)).toBe(expected);
	});

	it.each([[''], [null], [undefined], ['yesterday'], ['2024-13-45 99:99:99 +0000']])('%p is null', (input) => {
		expect(toIsoUtc(input)).toBeNull();
	});
});
