import { htmlToText } from '../../../nodes/TimelinesAi/shared/html-text';
import { fixtures } from '../../fixtures/spec';

/** Add Note's "Convert HTML to Text": TimelinesAI's bundle HTML (spec/outbound-webhook.md) as readable lines. */

describe('htmlToText', () => {
	it("turns the spec's bundle into one line per message, the link kept as its address", () => {
		const bundle = fixtures.bundle();
		expect(htmlToText(bundle.aggregation)).toBe(
			[
				'from Ravi Kumar on 2026-03-02 09:14: Hi, is the 3-seat sofa still available?',
				'from Maya Ortiz on 2026-03-02 09:20: Yes! Here is the spec sheet.',
				"from Ravi Kumar on 2026-03-02 09:31: Great, I'll take it 👍",
				'Click here (https://app.timelines.ai/permalink/5d0c7a21-8e4b-4f63-b1a2-7c9e0d3f4a58/) to open the conversation in TimelinesAI',
			].join('\n'),
		);
	});

	it.each([
		['<br>, <br/>, <BR />', 'a<br>b<br/>c<BR />d', 'a\nb\nc\nd'],
		['two <br> make an empty line', 'a<br><br>b', 'a\n\nb'],
		['paragraphs and divs', '<p>one</p><p>two</p><div>three</div>', 'one\ntwo\nthree'],
		['pretty-printed blocks', '<div>\n  <p>one</p>\n  <p>two</p>\n</div>', 'one\ntwo'],
		['list entries', '<ul><li>milk</li><li>eggs</li></ul>', '- milk\n- eggs'],
		['other tags dropped', '<b>Bold</b> and <span style="x">plain</span>', 'Bold and plain'],
		['named, decimal and hex entities', 'Tom &amp; Jerry &lt;3 &quot;hi&quot; &#39;x&#39; &#x1F44D; caf&eacute;', 'Tom & Jerry <3 "hi" \'x\' 👍 caf&eacute;'],
		['entities decoded once', '&amp;lt;b&amp;gt;', '&lt;b&gt;'],
		['escaped tags stay text', '&lt;br&gt; is a tag', '<br> is a tag'],
		['a lone < is text', 'a < b and c > d', 'a < b and c > d'],
		['unclosed tags (not well-formed)', 'hello <b>world<br/>bye', 'hello world\nbye'],
		['a link whose text is its address', '<a href="https://x.example/">https://x.example/</a>', 'https://x.example/'],
		['a link without text', "see <a href='https://x.example/a?b=1&amp;c=2'></a>", 'see https://x.example/a?b=1&c=2'],
		['a link without address', '<a name="top">Top</a>', 'Top'],
		['spaces and &nbsp; collapsed, lines trimmed', '  a&nbsp;&nbsp; b  <br>   c   ', 'a b\nc'],
		['line breaks in the text kept', 'first line\nsecond line<br/>third', 'first line\nsecond line\nthird'],
		['Windows line ends', 'a\r\nb', 'a\nb'],
		['scripts, styles and comments dropped', '<style>p{}</style><script>x()</script><!-- no -->text', 'text'],
		['plain text unchanged', 'Just a note.', 'Just a note.'],
		['nothing', '', ''],
	])('%s', (_case, html, text) => {
		expect(htmlToText(html)).toBe(text);
	});
});
