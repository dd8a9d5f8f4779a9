import { readLabels } from '../../../nodes/TimelinesAi/resources/chat/labels';

/** The pure parts of the Chat label operations (paging: lists-and-dates.test.ts). */

describe('readLabels', () => {
	it.each([
		['comma-separated text, trimmed', ' lead , vip,hot ', ['lead', 'vip', 'hot']],
		['empty parts and repeats dropped', 'lead,,vip, lead ,', ['lead', 'vip']],
		['a list from an expression, its entries split too', ['lead', ' vip ', 'hot, cold', 'lead'], ['lead', 'vip', 'hot', 'cold']],
		['a number is a label', 2026, ['2026']],
		['empty text is no labels', '', []],
		['an empty list is no labels', [], []],
		['64 characters are fine', 'x'.repeat(64), ['x'.repeat(64)]],
	])('%s', (_case, value, labels) => {
		expect(readLabels(value)).toEqual(labels);
	});

	it('a label over 64 characters is named, before anything is sent', () => {
		const long = 'y'.repeat(65);
		expect(() => readLabels(`lead, ${long}`)).toThrow(`Labels: the label "${long}" has 65 characters, but TimelinesAI takes at most 64. Shorten it; nothing was changed.`);
	});

	it('an object in the list is a mapping mistake', () => {
		expect(() => readLabels(['lead', { name: 'vip' }])).toThrow(/^Labels: got an object instead of text/);
	});
});
