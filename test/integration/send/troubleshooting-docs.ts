import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * docs/troubleshooting.md's "Message → Send" tables promise the user the node's exact sentences. Each behaviour test
 * checks the row of its case against what the node really produced, so a changed message fails until the docs follow.
 */

const troubleshooting = readFileSync(path.join(__dirname, '../../../docs/troubleshooting.md'), 'utf8');
const sectionStart = troubleshooting.indexOf('\n## Message → Send');
const section = troubleshooting.slice(sectionStart, troubleshooting.indexOf('\n## ', sectionStart + 1));

/** The docs show the sandbox's links as files.example.com links, without the sandbox's test-file query. */
const SHORT_LINK_BASE = 'https://files.example.com';

function row(cells: string[]): string {
	return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** Fails unless the Send tables hold exactly this row. */
export function expectDocumentedRow(...cells: string[]): void {
	expect(section).toContain(`\n${row(cells)}\n`);
}

/** A message about a link to the local sandbox, as the docs show it. */
export function withShortLinks(text: string, sandboxBaseUrl: string): string {
	const base = sandboxBaseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return text
		.replace(new RegExp(`${base}/__control/test-files/([^"?\\s]*)(\\?[^"\\s]*)?`, 'g'), `${SHORT_LINK_BASE}/$1`)
		.replaceAll(sandboxBaseUrl, SHORT_LINK_BASE);
}

/** The Case column of every table row in the Send section. */
export function documentedCaseNames(): string[] {
	return section
		.split('\n')
		.filter((line) => line.startsWith('| ') && !line.startsWith('| Case |') && !line.startsWith('| ---'))
		.map((line) => line.slice(2, line.indexOf(' | ')));
}
