import {
	getCountries,
	getCountryCallingCode,
	ParseError,
	parsePhoneNumberWithError,
	validatePhoneNumberLength,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js';

export type { CountryCode };

/** Either the number in E.164 (`+14151231234`) or one sentence saying what is wrong and how to fix it. */
type PhoneResult = { ok: true; e164: string } | { ok: false; problem: string };

const EXAMPLE = '+14151231234';

// Made on first use: creating it costs about 15 ms, paid otherwise by every node that loads this file.
let countryNames: Intl.DisplayNames | undefined;

function countryName(country: CountryCode): string {
	countryNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
	return `${countryNames.of(country) ?? country} (+${getCountryCallingCode(country)})`;
}

export function isCountryCode(value: string): value is CountryCode {
	return (getCountries() as string[]).includes(value);
}

export function countryOptions(): Array<{ name: string; value: string }> {
	return getCountries()
		.map((country) => ({ name: countryName(country), value: country }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** "+1 415 123 1234, +1 415 555 0000" or two numbers on two lines: one item must have one recipient. */
function countNumbers(text: string): number {
	return text.split(/[,;\n/|]|\bor\b|\band\b/).filter((part) => (part.match(/\d/g) ?? []).length >= 5).length;
}

/** `0044 20 …` is how much of the world dials abroad; it means `+44 20 …`. */
function internationalPrefixToPlus(text: string): string {
	return text.replace(/^\s*00\s*(?=[1-9])/, '+');
}

function whereLabel(country: CountryCode | undefined, callingCode: string | undefined): string {
	if (country) return ` for ${countryName(country)}`;
	return callingCode ? ` for country code +${callingCode}` : '';
}

function lengthProblem(
	kind: string,
	quoted: string,
	country: CountryCode | undefined,
	callingCode: string | undefined,
): string | undefined {
	const where = whereLabel(country, callingCode);
	switch (kind) {
		case 'TOO_SHORT':
			return `${quoted} is too short to be a phone number${where}. Check that no digits are missing and that it starts with + and the country code, e.g. ${EXAMPLE}.`;
		case 'TOO_LONG':
			return `${quoted} is too long to be a phone number${where}. Check for extra digits, or two numbers run together.`;
		case 'INVALID_LENGTH':
			return `${quoted} has a number of digits no phone number${where} has. Check the digits and the country code.`;
		default:
			return undefined;
	}
}

/** `input` is what was parsed (after `00` became `+`); `quoted` is what the user wrote. */
function parseProblem(kind: string, input: string, quoted: string, defaultCountry: CountryCode | undefined): string {
	const startsWithPlus = input.trimStart().startsWith('+');
	switch (kind) {
		case 'INVALID_COUNTRY':
			return startsWithPlus
				? `${quoted} does not start with a known country code. Check the country code at the start (after + or 00), e.g. ${EXAMPLE} for the USA.`
				: `${quoted} has no country code. Write it in international format starting with + and the country code (e.g. ${EXAMPLE}), or pick a Default Country in the node's options.`;
		case 'NOT_A_NUMBER':
			return `${quoted} is not a phone number. Write the number with digits in international format, e.g. ${EXAMPLE}.`;
		default:
			return (
				lengthProblem(kind, quoted, defaultCountry, undefined) ??
				`${quoted} could not be read as a phone number (${kind}). Write it in international format, e.g. ${EXAMPLE}.`
			);
	}
}

/**
 * Normalises what a user typed into E.164 with libphonenumber-js: `(415) 123-1234` with default
 * country US becomes `+14151231234`, `0044 20 7946 0958` becomes `+442079460958`. A number of a
 * possible length is accepted even if its area code is unusual: TimelinesAI decides the rest.
 */
export function toE164(raw: string, defaultCountry?: CountryCode): PhoneResult {
	const text = raw.trim();
	if (text === '') {
		return { ok: false, problem: `is empty. Write the contact's number in international format, e.g. ${EXAMPLE}.` };
	}
	const quoted = JSON.stringify(text);
	const numbers = countNumbers(text);
	if (numbers > 1) {
		return {
			ok: false,
			problem: `${quoted} holds ${numbers} phone numbers, but one item sends to one recipient. Split the list into one item per number first (for example with the Split Out node).`,
		};
	}
	const input = internationalPrefixToPlus(text);
	const hasLetters = /[a-z]/i.test(text.replace(/\s*(ext\.?|x)\s*\d+$/i, ''));
	const phone = hasLetters ? 'NOT_A_NUMBER' : parse(input, defaultCountry);
	if (typeof phone === 'string') return { ok: false, problem: parseProblem(phone, input, quoted, defaultCountry) };
	const length = validatePhoneNumberLength(input, { defaultCountry }) ?? (phone.isPossible() ? undefined : 'INVALID_LENGTH');
	const problem = length && lengthProblem(length, quoted, phone.country, phone.countryCallingCode);
	return problem ? { ok: false, problem } : { ok: true, e164: phone.number };
}

/** The parsed number, or libphonenumber's error kind (INVALID_COUNTRY, NOT_A_NUMBER, TOO_SHORT, …). */
function parse(input: string, defaultCountry: CountryCode | undefined): PhoneNumber | string {
	try {
		return parsePhoneNumberWithError(input, { defaultCountry });
	} catch (error) {
		return error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
	}
}
