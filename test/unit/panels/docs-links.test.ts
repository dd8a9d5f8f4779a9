import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every "Docs" link n8n shows (credential dialog, node panel, node creator) opens a section of our README. */

const ROOT = path.resolve(__dirname, '../../..');
const README_URL = 'https://github.com/n8n-nodes-timelinesai/n8n-nodes-timelinesai';

function filesUnder(dir: string, suffix: RegExp): string[] {
	return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
		.filter((file) => suffix.test(file))
		.map((file) => path.join(dir, file));
}

/** The anchors GitHub gives the README's headings: lower case, punctuation dropped, spaces as dashes, repeats numbered. */
function readmeAnchors(): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>(['readme']);
	for (const [, heading] of readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/^#{1,6} +(.+)$/gm)) {
		const slug = heading
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N} _-]/gu, '')
			.replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** Documentation links: `documentationUrl` of nodes and credentials, and the codex `resources` of *.node.json. */
function documentationLinks(): Array<[file: string, url: string]> {
	const links: Array<[string, string]> = [];
	for (const file of [...filesUnder('credentials', /\.credentials\.ts$/), ...filesUnder('nodes', /\.node\.ts$/)]) {
		for (const [, url] of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/documentationUrl[ =:]+'([^']+)'/g)) {
			links.push([file, url]);
		}
	}
	for (const file of filesUnder('nodes', /\.node\.json$/)) {
		const codex = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as { resources?: Record<string, Array<{ url: string }>> };
		for (const entries of Object.values(codex.resources ?? {})) for (const { url } of entries) links.push([file, url]);
	}
	return links;
}

describe('documentation links', () => {
	const links = documentationLinks();

	it('exist for the credential and every node', () => {
		const files = new Set(links.map(([file]) => path.basename(file)));
		expect([...files].some((file) => file.endsWith('.credentials.ts'))).toBe(true);
		expect(files.size).toBeGreaterThanOrEqual(3);
	});

	it.each(links)('%s: %s opens a section of this package\'s README', (_file, url) => {
		const [base, anchor] = url.split('#');
		expect(base).toBe(README_URL);
		expect(readmeAnchors()).toContain(anchor);
	});
});
