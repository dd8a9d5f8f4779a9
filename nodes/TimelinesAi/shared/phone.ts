import {
	getCountries,
	getCountryCallingCode,
	ParseError,
	parsePhoneNumberWithError,
	validatePhoneNumberLength,
	type CountryCode,
	type PhoneNumber,
	type PhoneNumberType,
} from 'libphonenumber-js/max';

export type { CountryCode };

/**
 * Either the number in E.164 (`+14155550100`) or what is wrong and how to fix it. A `warning` does not
 * stop the send: the number is what the user wrote, but it is unlikely to be on WhatsApp.
 */
type PhoneResult = { ok: true; e164: string; warning?: string } | { ok: false; problem: string };

// A fictional number that is nonetheless valid (555-01xx is set aside for fiction in North America).
const EXAMPLE = '+14155550100';

// Made on first use: creating it costs about 15 ms, paid otherwise by every node that loads this file.
let countryNames: Intl.DisplayNames | undefined;

function plainCountryName(country: CountryCode): string {
	countryNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
	return countryNames.of(country) ?? country;
}

function countryName(country: CountryCode): string {
	return `${plainCountryName(country)} (+${getCountryCallingCode(country)})`;
}

export function isCountryCode(value: string): value is CountryCode {
	return (getCountries() as string[]).includes(value);
}

export function countryOptions(): Array<{ name: string; value: string }> {
	return getCountries()
		.map((country) => ({ name: countryName(country), value: country }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** "+1 415 555 0100, +1 415 555 0000" or two numbers on two lines: one item must have one recipient. */
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
 * Normalises what a user typed into E.164 with libphonenumber-js and its full ("max") metadata, so
 * that a number must be *valid*, not merely of a possible length: `(415) 555-0100` with default
 * country US becomes `+14155550100`, `0044 20 7946 0958` becomes `+442079460958`. A number written
 * without a country code must be a valid number of the Default Country and must not read as a
 * neighbour's mobile number: a national number that is wrong goes to a real stranger.
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
	if (problem) return { ok: false, problem };
	const national = defaultCountry !== undefined && !input.trimStart().startsWith('+');
	if (!phone.isValid()) {
		return { ok: false, problem: national ? nationalProblem(text, quoted, defaultCountry) : internationalProblem(quoted, phone) };
	}
	const type = phone.getType();
	if (national && !MOBILE_TYPES.has(type)) {
		const neighbours = getCountries().filter((country) => sameRegion(country, defaultCountry));
		const neighbour = otherReadings(text, defaultCountry, neighbours).find((reading) => reading.mobile);
		if (neighbour) return { ok: false, problem: ambiguousProblem(quoted, phone, defaultCountry, neighbour) };
	}
	const warning = type && UNLIKELY_ON_WHATSAPP[type];
	return warning
		? { ok: true, e164: phone.number, warning: `${phone.number} is ${warning} number, not a mobile number, so it is unlikely to be on WhatsApp. Check the number.` }
		: { ok: true, e164: phone.number };
}

// Validity

/** Types that can be a WhatsApp account's number (most countries cannot tell mobiles from landlines by the digits). */
const MOBILE_TYPES = new Set<PhoneNumberType | undefined>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** Service numbers: the number may be right, but a WhatsApp account on it is rare. */
const UNLIKELY_ON_WHATSAPP: Partial<Record<PhoneNumberType, string>> = {
	PREMIUM_RATE: 'a premium-rate',
	TOLL_FREE: 'a toll-free',
	SHARED_COST: 'a shared-cost',
	UAN: 'a company switchboard (UAN)',
	PAGER: 'a pager',
	VOICEMAIL: 'a voicemail',
};

const TYPE_WORDS: Partial<Record<PhoneNumberType, string>> = { ...UNLIKELY_ON_WHATSAPP, FIXED_LINE: 'a landline', VOIP: 'an internet (VoIP)', PERSONAL_NUMBER: 'a personal (forwarding)' };

interface Reading {
	country: CountryCode;
	formatted: string;
	mobile: boolean;
}

/**
 * Where else the same national digits, written the same way, are a valid number: mobiles first,
 * then the default country's own part of the world (the first digit of the calling code; Europe
 * spans 3 and 4), then by name. Only for numbers that need it: a pass over all 245 countries takes
 * 5 to 30 ms once warm.
 */
function otherReadings(text: string, defaultCountry: CountryCode, countries = getCountries()): Reading[] {
	const own = parse(text, defaultCountry);
	const seen = new Set<string>([typeof own === 'string' ? '' : own.number]);
	const digits = onlyDigits(text);
	const readings: Reading[] = [];
	for (const country of countries) {
		const phone = parse(text, country);
		if (typeof phone === 'string' || seen.has(phone.number) || !phone.isValid()) continue;
		// Only where people write it this way, trunk prefix included: a Croatian writes 091 234 5678, never 91 234 5678.
		if (onlyDigits(phone.formatNational()) !== digits) continue;
		seen.add(phone.number);
		readings.push({ country: phone.country ?? country, formatted: phone.formatInternational(), mobile: MOBILE_TYPES.has(phone.getType()) });
	}
	const rank = (reading: Reading) => (reading.mobile ? 0 : 2) + (sameRegion(reading.country, defaultCountry) ? 0 : 1);
	return readings.sort((a, b) => rank(a) - rank(b) || countryName(a.country).localeCompare(countryName(b.country)));
}

function onlyDigits(text: string): string {
	return text.replace(/\D/g, '');
}

function sameRegion(a: CountryCode, b: CountryCode): boolean {
	const region = (country: CountryCode) => getCountryCallingCode(country)[0].replace('4', '3');
	return region(a) === region(b);
}

const MAX_SUGGESTIONS = 3;

/** "Ireland (+353 87 123 4567)", "X (…), Y (…) or Z (…)". */
function listReadings(readings: Reading[]): string {
	const named = readings.slice(0, MAX_SUGGESTIONS).map((reading) => `${plainCountryName(reading.country)} (${reading.formatted})`);
	return named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named[0];
}

/** Digits at the start a typo is not looked for in: they say what kind of number it is (a mobile's 07700, say). */
const KEPT_PREFIX = 4;

/**
 * Whether the digits, their start kept, become a mobile number of `country` with one more digit ('missing') or one
 * fewer ('extra'): a number of the right kind with a typo, rather than one from abroad.
 */
function oneDigitFromMobile(text: string, country: CountryCode): 'missing' | 'extra' | undefined {
	const digits = onlyDigits(text);
	const isMobile = (candidate: string) => {
		const phone = parse(candidate, country);
		return typeof phone !== 'string' && phone.isValid() && MOBILE_TYPES.has(phone.getType());
	};
	for (let at = KEPT_PREFIX; at <= digits.length; at++) {
		for (const digit of '0123456789') if (isMobile(digits.slice(0, at) + digit + digits.slice(at))) return 'missing';
	}
	for (let at = KEPT_PREFIX; at < digits.length; at++) if (isMobile(digits.slice(0, at) + digits.slice(at + 1))) return 'extra';
	return undefined;
}

function nationalProblem(text: string, quoted: string, defaultCountry: CountryCode): string {
	const notValid = `${quoted} is not a valid number in ${countryName(defaultCountry)}`;
	// Only mobiles are named: a WhatsApp contact is almost always one, and landlines would match everywhere.
	const abroad = otherReadings(text, defaultCountry).filter((reading) => reading.mobile);
	const withCountryCode = `A number from another country needs + and its country code, e.g. ${EXAMPLE}.`;
	const typo = oneDigitFromMobile(text, defaultCountry);
	if (typo) {
		const [count, which] = typo === 'missing' ? ['few', 'a missing'] : ['many', 'an extra'];
		const problem = `${notValid}: it has one digit too ${count} for a mobile number there, so check for ${which} digit.`;
		if (abroad.length === 0) return `${problem} ${withCountryCode}`;
		return `${problem} If it is a number from abroad, it would be a valid mobile number in ${listReadings(abroad)}: write it with the country code, or change Default Country.`;
	}
	if (abroad.length === 0) return `${notValid}. Check for a missing or extra digit. ${withCountryCode}`;
	return `${notValid}. It would be a valid mobile number in ${listReadings(abroad)}: write it with the country code, or change Default Country. Otherwise check for a missing or extra digit.`;
}

function internationalProblem(quoted: string, phone: PhoneNumber): string {
	return `${quoted} is not a valid number${whereLabel(phone.country, phone.countryCallingCode)}. Check for a missing or extra digit, and that the country code is right.`;
}

function ambiguousProblem(quoted: string, phone: PhoneNumber, defaultCountry: CountryCode, neighbour: Reading): string {
	const type = phone.getType();
	const kind = (type && TYPE_WORDS[type]) ?? 'a non-mobile';
	const codes = `+${phone.countryCallingCode} or +${getCountryCallingCode(neighbour.country)}`;
	return `${quoted} is ${kind} number in ${plainCountryName(defaultCountry)} (${phone.formatInternational()}), but WhatsApp numbers are almost always mobiles, and these digits are a mobile number in ${listReadings([neighbour])}. Write it with the country code (${codes}) to say which one you mean.`;
}

/** The parsed number, or libphonenumber's error kind (INVALID_COUNTRY, NOT_A_NUMBER, TOO_SHORT, …). */
function parse(input: string, defaultCountry: CountryCode | undefined): PhoneNumber | string {
	try {
		return parsePhoneNumberWithError(input, { defaultCountry });
	} catch (error) {
		return error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
	}
}
