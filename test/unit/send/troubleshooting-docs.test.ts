import { NETWORK_CASES } from '../../integration/send/network-cases';
import { OFFLINE_CASES } from '../../integration/send/offline-cases';
import { PHONE_CASES } from '../../integration/send/phone-cases';
import { documentedCaseNames } from '../../integration/send/troubleshooting-docs';
import { REFUSAL_CASES } from './refusal-cases';

/**
 * The tests that run each case check its row against the node's real sentence; a row no case runs would never be
 * checked, so the docs could keep a message the node no longer gives.
 */
describe("docs/troubleshooting.md's Send tables", () => {
	it('have a row only for cases a test runs against the node', () => {
		const cases = new Set([...OFFLINE_CASES, ...PHONE_CASES, ...NETWORK_CASES, ...REFUSAL_CASES].map((testCase) => testCase.name));
		expect(documentedCaseNames().filter((name) => !cases.has(name))).toEqual([]);
	});
});
