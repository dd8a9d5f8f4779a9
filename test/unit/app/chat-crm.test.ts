import { readLabels } from '../../../nodes/TimelinesAi/resources/chat/labels';
import { collectPages } from '../../../nodes/TimelinesAi/resources/paging';

/** The pure parts of the Chat label operations and of reading pages. */

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

describe('collectPages', () => {
	const pages = (sizes: number[], lastHasMore = false) => {
		const read: number[] = [];
		const readPage = async (page: number) => {
			read.push(page);
			const size = sizes[page - 1] ?? 0;
			return { items: Array.from({ length: size }, (_, n) => `${page}.${n}`), hasMore: page < sizes.length || lastHasMore };
		};
		return { read, readPage };
	};

	it('reads until the API says there are no more pages', async () => {
		const { read, readPage } = pages([50, 50, 3]);
		expect(await collectPages(readPage, Number.POSITIVE_INFINITY)).toHaveLength(103);
		expect(read).toEqual([1, 2, 3]);
	});

	it('stops reading once the limit is reached, and gives no more than the limit', async () => {
		const { read, readPage } = pages([50, 50, 50]);
		const items = await collectPages(readPage, 55);
		expect(items).toHaveLength(55);
		expect(items.at(-1)).toBe('2.4');
		expect(read).toEqual([1, 2]);
	});

	it('an empty page ends the loop even when it claims more', async () => {
		const { read, readPage } = pages([50, 0], true);
		expect(await collectPages(readPage, Number.POSITIVE_INFINITY)).toHaveLength(50);
		expect(read).toEqual([1, 2]);
	});
});
