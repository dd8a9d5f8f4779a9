/**
 * HTML as readable plain text, for the HTML TimelinesAI puts in an hourly bundle (`aggregation`: one line per
 * message, `<br/>` between them, a link to the conversation), which the spec says may not be well-formed.
 * A few regular expressions rather than a parser: the package takes no dependencies, and the input is small.
 */

const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	hellip: '…',
	mdash: '—',
	ndash: '–',
	lsquo: '‘',
	rsquo: '’',
	ldquo: '“',
	rdquo: '”',
	bull: '•',
	middot: '·',
	copy: '©',
	reg: '®',
	trade: '™',
	euro: '€',
	pound: '£',
	laquo: '«',
	raquo: '»',
};

/** `&amp;`, `&#39;`, `&#x1F44D;` in one pass, so that `&amp;lt;` stays `&lt;`; unknown or invalid ones stay as written. */
function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
		if (name.startsWith('#')) {
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity;
		}
		return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
	});
}

/** The value of an `href` attribute in an opening `<a …>` tag, in double, single or no quotes. */
function hrefOf(attributes: string): string | undefined {
	const match = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
	return match ? (match[1] ?? match[2] ?? match[3]).trim() : undefined;
}

/** Tags that end a line: after them the text goes on on a new line. */
const BLOCK_TAGS = 'p|div|li|ul|ol|tr|table|h[1-6]|blockquote|pre|section|article|header|footer';

/** Where a block starts or ends; several in a row (`</p><p>`, `</li></ul>`), with the white space around them, are one line break. A character of Unicode's private use area, which text does not hold. */
const BLOCK = '\uE000';

export function htmlToText(html: string): string {
	const withoutTags = html
		.replace(new RegExp(BLOCK, 'g'), '')
		.replace(/\r\n?/g, '\n')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
		// A link keeps its address, which is the point of the bundle's last line: "here (https://…)".
		.replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_, attributes: string, inner: string) => {
			const href = hrefOf(attributes);
			const label = inner.replace(/<[^>]*>/g, '').trim();
			if (!href || href === label || href.startsWith('#') || /^javascript:/i.test(href)) return inner;
			return label === '' ? href : `${inner} (${href})`;
		})
		.replace(/<br\b[^>]*>/gi, '\n')
		.replace(/<li\b[^>]*>/gi, `${BLOCK}- `)
		.replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), BLOCK)
		// Any other tag goes; a lone "<" in text (e.g. "a < b") is not a tag and stays.
		.replace(/<\/?[a-z][^>]*>/gi, '')
		.replace(new RegExp(`\\s*${BLOCK}(?:\\s*${BLOCK})*\\s*`, 'g'), '\n');
	return (
		decodeEntities(withoutTags)
			// The bundle writes a message's own line breaks as they are, so newlines are kept (unlike HTML).
			.split('\n')
			.map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trim()
	);
}
