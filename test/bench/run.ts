import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../tools/n8n/install-package';
import { LAZY_ISOLATES_ENV } from '../tools/n8n/process';
import { ensureN8nRuntime, findN8nRelease, type N8nRuntime } from '../tools/n8n/runtime';
import { runCommand } from '../tools/n8n/run-command';
import { bulkSendRows, bulkSendSentence, LATENCY_MS, measureBulkSend } from './bulk-send';
import { benchFootprint } from './footprint';
import { benchNormalise } from './normalise';
import { benchPacing } from './pacing';
import { benchPerItem } from './per-item';
import { benchSendOverhead } from './send-overhead';
import { describeMachine, machineLine } from './support/machine';
import { renderTable, type Row } from './support/table';
import { startBenchWorld } from './support/world';
import { benchTriggerBurst } from './trigger-burst';

/**
 * `npm run bench`: builds, then measures our nodes next to n8n's own in one real n8n (see the README's
 * "Benchmarks"). Prints one table to stdout, progress to stderr, and writes the table to results/latest.md.
 * `--quick` runs smaller sizes, to check the benchmark itself works. `--n8n <version>` picks another tested n8n
 * release (e.g. `2.8`); its table goes to results/n8n-<version>.md. `--only send,trigger,pacing,normalise,footprint,per-item,bulk`
 * runs some of them (`bulk`: bulk send over 150 ms latency; its table is printed, not written). `--queue` runs the n8n benchmarks on n8n in queue mode.
 * `--lazy` starts n8n with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` (an expression isolate only once an expression
 * needs one) instead of its default engine settings (table printed, not written).
 */

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

const QUICK = process.argv.includes('--quick');
const RELEASE = findN8nRelease(option('--n8n'));
const SIZES = QUICK
	? { bulkMessages: 100, perItems: 60, perItemChats: 12, sendItems: 100, sendRounds: 2, deliveries: 100, burstRounds: 1, warmup: 20, pacedMessages: 3, normaliseIterations: 5, requireSamples: 1 }
	: { bulkMessages: 1000, perItems: 300, perItemChats: 30, sendItems: 1000, sendRounds: 5, deliveries: 1000, burstRounds: 2, warmup: 200, pacedMessages: 20, normaliseIterations: 40, requireSamples: 5 };

const RESULTS = path.join(__dirname, 'results', option('--n8n') ? `n8n-${RELEASE.version}.md` : 'latest.md');

const LATENCY_LABEL = `${LATENCY_MS} ms latency, per-IP limit enforced`;

const ONLY = option('--only')?.split(',');
const QUEUE = process.argv.includes('--queue');
const LAZY = process.argv.includes('--lazy');
/** Metrics on: the trigger benchmark counts expression isolates from n8n's Prometheus endpoint. */
const N8N_ENV: Record<string, string> = { N8N_METRICS: 'true', ...(LAZY ? LAZY_ISOLATES_ENV : {}) };
const wanted = (name: string) => !ONLY || ONLY.includes(name);

function progress(line: string): void {
	process.stderr.write(`[bench] ${line}\n`);
}

async function measure(runtime: N8nRuntime): Promise<Row[]> {
	const rows: Row[] = [];
	if (wanted('send') || wanted('trigger') || wanted('pacing') || wanted('bulk')) {
		const world = await startBenchWorld(runtime, { queue: QUEUE, env: N8N_ENV });
		try {
			if (wanted('send')) {
				progress(`1. Send overhead: ${SIZES.sendItems} items, ${SIZES.sendRounds} rounds (+1 warm-up)`);
				rows.push(...(await benchSendOverhead(world, { items: SIZES.sendItems, rounds: SIZES.sendRounds }, progress)));
			}
			if (wanted('trigger')) {
				progress(`2. Trigger burst: ${SIZES.deliveries} deliveries × ${SIZES.burstRounds} rounds per side`);
				const burst = { deliveries: SIZES.deliveries, concurrency: 20, rounds: SIZES.burstRounds, warmup: SIZES.warmup };
				rows.push(...(await benchTriggerBurst(world, burst, progress)));
			}
			if (wanted('bulk')) {
				progress(`6. Bulk send: ${SIZES.bulkMessages} messages, ${LATENCY_LABEL}, to as many chats and to 10`);
				const scenarios = await measureBulkSend(world, { messages: SIZES.bulkMessages, chats: [SIZES.bulkMessages, 10] }, progress);
				const sentence = bulkSendSentence(scenarios);
				if (sentence) progress(sentence);
				rows.push(...bulkSendRows(scenarios));
			}
			if (wanted('pacing')) {
				progress(`5. Pacing: ${SIZES.pacedMessages} messages at TimelinesAI's ~2 s pacing`);
				rows.push(...(await benchPacing(world, SIZES.pacedMessages, progress)));
			}
		} finally {
			await world.close();
		}
	}
	if (wanted('normalise')) {
		progress('3. Normalisation (fresh process)');
		rows.push(...(await benchNormalise(1000, SIZES.normaliseIterations)));
	}
	if (wanted('per-item')) {
		progress(`7. Per-item operations: ${SIZES.perItems} Replies to ${SIZES.perItemChats} chats over 150 ms latency, together and one at a time (n8n-core)`);
		rows.push(...(await benchPerItem({ items: SIZES.perItems, chats: SIZES.perItemChats }, progress)));
	}
	if (wanted('footprint')) {
		progress('4. Footprint (fresh processes, npm pack)');
		rows.push(...(await benchFootprint(SIZES.requireSamples, runtime)));
	}
	// Table order follows the issue's numbering; pacing ran earlier only because it needs n8n.
	return rows.sort((a, b) => parseInt(a.benchmark, 10) - parseInt(b.benchmark, 10));
}

async function main(): Promise<void> {
	const started = Date.now();
	progress('building the package (npm run build)');
	await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const runtime = await ensureN8nRuntime(RELEASE);
	const rows = await measure(runtime);
	const machine = describeMachine(runtime);
	const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const report = [
		`Measured ${when} UTC${QUICK ? ' (--quick sizes: not for publishing)' : ''}${QUEUE ? ', n8n in queue mode (2 webhook processes behind the sticky router, 1 worker)' : ''}${LAZY ? ', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : ''} on ${machineLine(machine)}.`,
		'',
		renderTable(rows),
		'',
	].join('\n');
	process.stdout.write(`\n${report}`);
	const keep = !QUICK && !ONLY && !QUEUE && !LAZY;
	if (keep) writeFileSync(RESULTS, report);
	progress(`done in ${Math.round((Date.now() - started) / 1000)} s${keep ? `; table written to ${path.relative(REPO_ROOT, RESULTS)}` : ''}`);
}

main().catch((error: Error) => {
	progress(`benchmark failed: ${error.stack ?? error.message}`);
	process.exit(1);
});
