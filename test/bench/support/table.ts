/** One line of the results table: a figure of ours next to its peer, the ratio and the goal. */
export interface Row {
	benchmark: string;
	measure: string;
	ours: string;
	peer: string;
	ratio: string;
	goal: string;
	/** "met", "missed" or "-" when the figure has no goal. */
	verdict: string;
}

const HEADER: Row = { benchmark: 'Benchmark', measure: 'Measure', ours: 'TimelinesAI', peer: 'n8n peer', ratio: 'Ratio', goal: 'Goal', verdict: 'Verdict' };
const COLUMNS = Object.keys(HEADER) as Array<keyof Row>;

export function verdict(met: boolean | undefined): string {
	if (met === undefined) return '-';
	return met ? 'met' : 'MISSED';
}

/** A GitHub-flavoured Markdown table: readable in a terminal and in the README. */
export function renderTable(rows: Row[]): string {
	const escape = (text: string) => text.replace(/\|/g, '\\|');
	const widths = COLUMNS.map((column) => Math.max(...[HEADER, ...rows].map((row) => escape(row[column]).length)));
	const line = (row: Row) => `| ${COLUMNS.map((column, i) => escape(row[column]).padEnd(widths[i])).join(' | ')} |`;
	const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
	return [line(HEADER), rule, ...rows.map(line)].join('\n');
}

export interface Comparison {
	benchmark: string;
	measure: string;
	ours: number;
	peer: number;
	format: (value: number) => string;
	/** Says which peer, after its figure: "(HTTP Request, batch size 1)". */
	peerName?: string;
	goal?: { text: string; met: boolean };
}

/** The usual row: our figure, the peer's, ours ÷ peer, and the goal when there is one. */
export function comparisonRow(c: Comparison): Row {
	return {
		benchmark: c.benchmark,
		measure: c.measure,
		ours: c.format(c.ours),
		peer: c.peerName ? `${c.format(c.peer)} (${c.peerName})` : c.format(c.peer),
		ratio: `${(c.ours / c.peer).toFixed(2)}×`,
		goal: c.goal?.text ?? '-',
		verdict: verdict(c.goal?.met),
	};
}
