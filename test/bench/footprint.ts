import path from 'node:path';

import { REPO_ROOT } from '../tools/n8n/install-package';
import { cleanNpmEnv } from '../tools/n8n/npm-env';
import { runCommand } from '../tools/n8n/run-command';
import type { N8nRuntime } from '../tools/n8n/runtime';
import { nodeChild } from './support/child';
import { median, ms } from './support/stats';
import { comparisonRow, type Row, verdict } from './support/table';

/**
 * 4. Footprint: cold require() of each file n8n loads from our package, each in fresh processes of the Node.js n8n
 * runs on (with everything they import), next to its n8n-nodes-base counterpart from the cached n8n runtime; the
 * whole package as n8n loads it; and the `npm pack` tarball size.
 */

const REQUIRE_GOAL_MS = 50;
const TARBALL_GOAL_KB = 150;

const ours = (file: string) => path.join(REPO_ROOT, 'dist', file);

// In package.json's order (nodes, then the credential), the order in which n8n's PackageDirectoryLoader loads them.
const pairs = (runtime: N8nRuntime) => {
	const base = (file: string) => path.join(runtime.dir, 'node_modules', 'n8n-nodes-base', 'dist', file);
	return [
		{ name: 'TimelinesAI', ours: ours('nodes/TimelinesAi/TimelinesAi.node.js'), peerName: 'WhatsApp Business Cloud', peer: base('nodes/WhatsApp/WhatsApp.node.js') },
		{ name: 'TimelinesAI Send', ours: ours('nodes/TimelinesAi/TimelinesAiSend.node.js'), peerName: 'HTTP Request', peer: base('nodes/HttpRequest/HttpRequest.node.js') },
		{ name: 'TimelinesAI Trigger', ours: ours('nodes/TimelinesAi/TimelinesAiTrigger.node.js'), peerName: 'Webhook', peer: base('nodes/Webhook/Webhook.node.js') },
		{ name: 'TimelinesAI API credential', ours: ours('credentials/TimelinesAiApi.credentials.js'), peerName: 'Header Auth credential', peer: base('credentials/HttpHeaderAuth.credentials.js') },
	];
};

const REQUIRE_TIME = path.join(__dirname, 'support', 'require-time.js');

/** Median over `samples` fresh processes, alternating ours and the peer's files. */
async function requireTimes(node: string, oursFiles: string[], peerFiles: string[], samples: number, preload?: string) {
	const times = { ours: [] as number[], peer: [] as number[] };
	const once = async (files: string[]) =>
		(await nodeChild<{ ms: number }>([REQUIRE_TIME, ...(preload ? ['--preload', preload] : []), ...files], node)).ms;
	for (let i = 0; i < samples; i++) {
		times.ours.push(await once(oursFiles));
		times.peer.push(await once(peerFiles));
	}
	return { ours: median(times.ours), peer: median(times.peer) };
}

async function tarball(): Promise<{ bytes: number; unpackedBytes: number; files: number }> {
	const output = await runCommand('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, env: cleanNpmEnv() });
	const [packed] = JSON.parse(output.slice(output.indexOf('['))) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	return { bytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.entryCount };
}

export async function benchFootprint(samples: number, runtime: N8nRuntime): Promise<Row[]> {
	const { node } = runtime;
	const PAIRS = pairs(runtime);
	const rows: Row[] = [];
	const measure = async (name: string, oursFiles: string[], peerFiles: string[], peerName: string, goal: boolean) => {
		const benchmark = `4. require() ${name}`;
		const cold = await requireTimes(node, oursFiles, peerFiles, samples);
		rows.push(
			comparisonRow({
				benchmark,
				measure: `cold, with all its imports incl. n8n-workflow (median of ${samples} fresh processes)`,
				...cold,
				format: ms,
				peerName,
			}),
		);
		// n8n-workflow is n8n's own library (our peer dependency), loaded before any node: the goal is about what
		// our package brings (the bundle's modules that the class needs: ours and the parts of zod and
		// libphonenumber-js they use).
		const inN8n = await requireTimes(node, oursFiles, peerFiles, samples, 'n8n-workflow');
		rows.push(
			comparisonRow({
				benchmark,
				measure: `cold, with our bundle; n8n-workflow preloaded as in n8n (median of ${samples})`,
				...inN8n,
				format: ms,
				peerName,
				goal: goal ? { text: `< ${REQUIRE_GOAL_MS} ms`, met: inN8n.ours < REQUIRE_GOAL_MS } : undefined,
			}),
		);
	};
	for (const pair of PAIRS) await measure(pair.name, [pair.ours], [pair.peer], pair.peerName, true);
	// What n8n really does at start: every node and the credential of the package, in one process.
	await measure(
		'the whole package (3 nodes + credential)',
		PAIRS.map((pair) => pair.ours),
		PAIRS.map((pair) => pair.peer),
		'the 4 counterparts',
		false,
	);
	const packed = await tarball();
	rows.push({
		benchmark: '4. npm pack tarball',
		measure: `size (${packed.files} files, ${(packed.unpackedBytes / 1024).toFixed(0)} kB unpacked)`,
		ours: `${(packed.bytes / 1024).toFixed(1)} kB`,
		peer: '-',
		ratio: '-',
		goal: `< ${TARBALL_GOAL_KB} kB`,
		verdict: verdict(packed.bytes / 1024 < TARBALL_GOAL_KB),
	});
	return rows;
}
