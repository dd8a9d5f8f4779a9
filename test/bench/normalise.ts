import path from 'node:path';

import { nodeChild, tsChild } from './support/child';
import { ms, ratio } from './support/stats';
import { type Row, verdict } from './support/table';

/** 3. Normalisation in-process: see normalise-child.ts (a fresh process, so "cold" means cold). */

const GOAL_MS = 20;

interface NormaliseFigures {
	messages: number;
	bodyBytes: number;
	cold: { ours: number; peer: number };
	median: { ours: number; peer: number };
	retainedBytes: { ours: number; peer: number };
}

export async function benchNormalise(messages: number, iterations: number): Promise<Row[]> {
	const figures = await nodeChild<NormaliseFigures>([
		...tsChild(path.join(__dirname, 'normalise-child.ts'), '--expose-gc'),
		String(messages),
		String(iterations),
	]);
	const label = `3. Normalise a ${figures.messages.toLocaleString('en-US')}-message bundle (${(figures.bodyBytes / 1024).toFixed(0)} kB)`;
	const peer = 'JSON.parse + map';
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
	return [
		{
			benchmark: label,
			measure: `warm, median of ${iterations} (JSON text → checked items)`,
			ours: ms(figures.median.ours),
			peer: `${ms(figures.median.peer)} (${peer})`,
			ratio: ratio(figures.median.ours, figures.median.peer),
			goal: `< ${GOAL_MS} ms`,
			verdict: verdict(figures.median.ours < GOAL_MS),
		},
		{
			benchmark: label,
			measure: 'cold: first call in a fresh process',
			ours: ms(figures.cold.ours),
			peer: `${ms(figures.cold.peer)} (${peer})`,
			ratio: ratio(figures.cold.ours, figures.cold.peer),
			goal: `< ${GOAL_MS} ms`,
			verdict: verdict(figures.cold.ours < GOAL_MS),
		},
		{
			benchmark: label,
			measure: 'heap held by the items',
			ours: kb(figures.retainedBytes.ours),
			peer: `${kb(figures.retainedBytes.peer)} (${peer})`,
			ratio: ratio(figures.retainedBytes.ours, figures.retainedBytes.peer),
			goal: '-',
			verdict: '-',
		},
	];
}
