import { describeItems } from '../../../nodes/TimelinesAi/shared/item-list';

describe('describeItems: items named in errors, runs of three or more as ranges', () => {
	it.each([
		[[3], 'item 3'],
		[[3, 5], 'items 3 and 5'],
		[[3, 4], 'items 3 and 4'],
		[[0, 1, 2, 3, 4], 'items 0 to 4'],
		[[1, 4, 6], 'items 1, 4 and 6'],
		[[0, 1, 2, 3, 4, 6, 9, 11], 'items 0 to 4, 6, 9 and 11'],
		[[0, 1, 5, 6, 7, 8, 20], 'items 0, 1, 5 to 8 and 20'],
		[[2, 3, 4, 10, 11, 12], 'items 2 to 4 and 10 to 12'],
	])('%j → %s', (indexes, text) => {
		expect(describeItems(indexes)).toBe(text);
	});
});
