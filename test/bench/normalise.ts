import path from 'node:path';

import { nodeChild, tsChild } from './support/child';
import { median, ms } from './support/stats';
import { comparisonRow, type Row, verdict } from './support/table';

/** 3. Normalisation in-process: see normalise-child.ts (a fresh process, so "cold" means cold). */

const GOAL_MS = 20;

interface NormaliseFigures {
	messages: number;
	bodyBytes: number;
	cold: { ours: number; peer: number };
	median: { ours: number; peer: number };
	retainedBytes: { ours: number; peer: number };
}

interface ColdParts {
	parse: number;
	classify: number;
	toItems: number;
}

/** Fresh processes: the first bundle's steps, and a big bundle after one small delivery (median of `runs` each). */
const FRESH_RUNS = 5;

export async function benchNormalise(messages: number, iterations: number): Promise<Row[]> {
	const child = (mode: string) => [...tsChild(path.join(__dirname, 'normalise-child.ts'), '--expose-gc'), String(messages), String(iterations), mode];
	const figures = await nodeChild<NormaliseFigures>(child('all'));
	const coldParts: ColdParts[] = [];
	const afterSmall: Array<{ small: number; big: number }> = [];
	for (let run = 0; run < FRESH_RUNS; run++) {
		coldParts.push(await nodeChild<ColdParts>(child('parts')));
		afterSmall.push(await nodeChild<{ small: number; big: number }>(child('after-small')));
	}
	const step = (name: keyof ColdParts) => median(coldParts.map((parts) => parts[name]));
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
		{
			benchmark,
			measure: `cold, by step (median of ${FRESH_RUNS} fresh processes): JSON.parse / classifyDelivery (zod) / toItems`,
			ours: `${ms(step('parse'))} / ${ms(step('classify'))} / ${ms(step('toItems'))}`,
			peer: '-',
			ratio: '-',
			goal: '-',
			verdict: '-',
		},
		{
			benchmark,
			measure: `after one 1-message delivery in a fresh process (median of ${FRESH_RUNS}; the small one took ${ms(median(afterSmall.map((run) => run.small)))})`,
			ours: ms(median(afterSmall.map((run) => run.big))),
			peer: '-',
			ratio: '-',
			goal: `< ${GOAL_MS} ms`,
			verdict: verdict(median(afterSmall.map((run) => run.big)) < GOAL_MS),
		},
		comparisonRow({ benchmark, measure: 'heap held by the items', ...figures.retainedBytes, format: kb, peerName }),
	];
}
