import { readFileSync } from 'node:fs';
import path from 'node:path';

import { NETWORK_CASES } from '../../integration/send/network-cases';
import type { SendEnvironment } from '../../integration/send/setup';
import { OFFLINE_CASES } from '../../integration/send/offline-cases';
import { PHONE_CASES } from '../../integration/send/phone-cases';
import { REFUSAL_CASES } from './refusal-cases';

/** docs/troubleshooting.md shows links to the sandbox's test files as files.example.com links. */
const README_ENV = {
	sandbox: { baseUrl: 'https://files.example.com' },
	control: {
		sharePageUrl: (name: string) => `https://files.example.com/share/${name}`,
		testFileUrl: (name: string) => `https://files.example.com/${name}`,
	},
} as unknown as SendEnvironment;

const troubleshooting = readFileSync(path.join(__dirname, '../../../docs/troubleshooting.md'), 'utf8');
const sectionStart = troubleshooting.indexOf('\n## Message → Send');
const section = troubleshooting.slice(sectionStart, troubleshooting.indexOf('\n## ', sectionStart + 1));
const row = (...cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;

/** Every row of the Send troubleshooting tables, so the docs cannot keep a message the code no longer gives. */
const expectedRows = [
	...[...OFFLINE_CASES, ...PHONE_CASES].map((testCase) => row(testCase.name, testCase.message)),
	...NETWORK_CASES.map((testCase) =>
		row(testCase.name, typeof testCase.error === 'function' ? testCase.error(README_ENV) : testCase.error, testCase.hint ?? ''),
	),
	...REFUSAL_CASES.map((testCase) => row(testCase.name, `${testCase.status} ${testCase.answer ? `"${testCase.answer}"` : '(no message)'}`, testCase.field, testCase.hint)),
];

describe("docs/troubleshooting.md's Send tables give the code's exact sentences", () => {
	it.each(expectedRows.map((expected) => [expected.slice(2, expected.indexOf(' | ')), expected]))('%s', (_name, expected) => {
		expect(section).toContain(`\n${expected}\n`);
	});

	it('has no row for a case the tests do not check', () => {
		const rows = section.split('\n').filter((line) => line.startsWith('| ') && !/^\| (Case|TimelinesAI's answer|---)/.test(line) && !line.startsWith('| ---'));
		expect(rows.filter((line) => !expectedRows.includes(line))).toEqual([]);
	});
});
