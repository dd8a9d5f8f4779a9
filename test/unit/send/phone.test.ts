import { getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';

import { toE164 } from '../../../nodes/TimelinesAi/shared/phone';
import { PHONE_MISTAKES } from './phone-mistakes';

describe('toE164 on real-world mistakes', () => {
	// libphonenumber's own example mobile of each country the table uses, written as people there write it.
	const countries = [...new Set(PHONE_MISTAKES.flatMap((row) => (row.defaultCountry ? [row.defaultCountry] : [])))];
	it.each(countries)('a mobile written nationally with Default Country %s becomes its international number', (country) => {
		const mobile = getExampleNumber(country, mobileExamples);
		expect(mobile).toBeDefined();
		expect(toE164(mobile!.formatNational(), country)).toEqual({ ok: true, e164: mobile!.number });
	});

	it.each(PHONE_MISTAKES)('$mistake: $input ($defaultCountry)', ({ input, defaultCountry, e164, refused, warning, mentions = [] }) => {
		const result = toE164(input, defaultCountry);
		if (e164) {
			expect(result).toEqual(warning ? { ok: true, e164, warning: expect.stringContaining(warning) } : { ok: true, e164 });
		} else {
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.problem.startsWith(refused ?? '')).toBe(true);
			for (const text of mentions) expect(result.problem).toContain(text);
		}
	});
});

describe('toE164 messages', () => {
	it('names at most three other countries, mobiles of the same part of the world first', () => {
		const result = toE164('087 123 4567', 'GB');
		expect(result).toEqual({
			ok: false,
			problem:
				'"087 123 4567" is not a valid number in United Kingdom (+44). It would be a valid mobile number in Bulgaria (+359 87 123 4567), Ireland (+353 87 123 4567) or Congo - Kinshasa (+243 871 234 567): write it with the country code, or change Default Country. Otherwise check for a missing or extra digit.',
		});
	});

	it('suggests no country where people would not write the number this way (trunk prefix left out)', () => {
		// 612345678 is a French mobile only when written 06 12 34 56 78.
		const result = toE164('612345678', 'GB');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).not.toContain('France');
	});

	it('accepts a number written with its country code even when it is a landline next to a neighbour mobile', () => {
		expect(toE164('+49 6123 45678', 'DE')).toEqual({ ok: true, e164: '+49612345678' });
	});

	it('keeps the examples in its messages valid', () => {
		const result = toE164('+1 415 123');
		expect(result.ok).toBe(false);
		const example = !result.ok && /e\.g\. (\+\d+)/.exec(result.problem)?.[1];
		expect(example && toE164(example)).toEqual({ ok: true, e164: example });
	});
});
