import path from 'node:path';

import { nodeChild, tsChild } from './support/child';
import { ms } from './support/stats';
import { comparisonRow, type Row } from './support/table';

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
	const benchmark = `3. Normalise a ${figures.messages.toLocaleString('en-US')}-message bundle (${(figures.bodyBytes / 1024).toFixed(0)} kB)`;
	const peerName = 'JSON.parse + map';
	const goal = (value: number) => ({ text: `< ${GOAL_MS} ms`, met: value < GOAL_MS });
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
	return [
		comparisonRow({
			benchmark,
			measure: `warm: median of ${iterations} after 10 warm-up calls (JSON text → checked items)`,
			...figures.median,
			format: ms,
			peerName,
			goal: goal(figures.median.ours),
		}),
		comparisonRow({ benchmark, measure: 'cold: first call in a fresh process', ...figures.cold, format: ms, peerName, goal: goal(figures.cold.ours) }),
		comparisonRow({ benchmark, measure: 'heap held by the items', ...figures.retainedBytes, format: kb, peerName }),
	];
}
