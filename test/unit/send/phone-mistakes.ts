import type { CountryCode } from '../../../nodes/TimelinesAi/shared/phone';

/**
 * Phone numbers as people really get them wrong, and a correct number of each country that must
 * still pass. `e164`: sent to this number; `refused`: the start of the error; `mentions`: text the
 * error or warning must hold (the country it would be valid in, the number to write instead).
 */
export interface PhoneMistake {
	mistake: string;
	input: string;
	defaultCountry?: CountryCode;
	e164?: string;
	refused?: string;
	warning?: string;
	mentions?: string[];
}

export const PHONE_MISTAKES: PhoneMistake[] = [
	// United Kingdom
	{ mistake: 'valid GB mobile, national', input: '07911 123456', defaultCountry: 'GB', e164: '+447911123456' },
	{ mistake: 'valid GB landline, national', input: '020 7946 0958', defaultCountry: 'GB', e164: '+442079460958' },
	{ mistake: 'GB mobile, two digits missing', input: '07700 9000', defaultCountry: 'GB', refused: '"07700 9000" is not a valid number in United Kingdom (+44).', mentions: ['missing or extra digit'] },
	{ mistake: 'GB mobile, one digit missing', input: '07700 90001', defaultCountry: 'GB', refused: '"07700 90001" is not a valid number in United Kingdom (+44): it has one digit too few for a mobile number there, so check for a missing digit.', mentions: ['If it is a number from abroad'] },
	{ mistake: 'trunk 0 kept after +44', input: '+44 07911 123456', e164: '+447911123456' },
	{ mistake: '00 prefix instead of +', input: '0044 7911 123456', e164: '+447911123456' },
	{ mistake: 'international, one digit missing', input: '+44 7911 12345', refused: '"+44 7911 12345" is not a valid number for country code +44.' },
	{ mistake: 'country code without + (default GB)', input: '447911123456', defaultCountry: 'GB', e164: '+447911123456' },
	{ mistake: 'GB premium-rate number', input: '0901 234 5678', defaultCountry: 'GB', e164: '+449012345678', warning: '+449012345678 is a premium-rate number' },
	// Ireland
	{
		mistake: 'Irish mobile with Default Country GB',
		input: '087 123 4567',
		defaultCountry: 'GB',
		refused: '"087 123 4567" is not a valid number in United Kingdom (+44). It would be a valid mobile number in',
		mentions: ['Ireland (+353 87 123 4567)', 'change Default Country'],
	},
	{ mistake: 'valid Irish mobile, national', input: '087 123 4567', defaultCountry: 'IE', e164: '+353871234567' },
	// Germany
	{
		mistake: 'French mobile with Default Country DE (a German landline)',
		input: '0612345678',
		defaultCountry: 'DE',
		refused: '"0612345678" is a landline number in Germany (+49 6123 45678), but WhatsApp numbers are almost always mobiles',
		mentions: ['France (+33 6 12 34 56 78)', '(+49 or +33)'],
	},
	{ mistake: 'valid DE mobile, national', input: '0151 12345678', defaultCountry: 'DE', e164: '+4915112345678' },
	{ mistake: 'DE mobile, "(0)" after +49', input: '+49 (0)151 12345678', e164: '+4915112345678' },
	{ mistake: 'DE mobile, one digit missing', input: '+49 151 1234567', refused: '"+49 151 1234567" is not a valid number for Germany (+49).' },
	// France
	{ mistake: 'valid FR mobile, national with spaces', input: '06 12 34 56 78', defaultCountry: 'FR', e164: '+33612345678' },
	{ mistake: 'FR mobile with 00 and trunk 0', input: '0033 6 12 34 56 78', e164: '+33612345678' },
	{
		mistake: 'French mobile with Default Country GB',
		input: '0612345678',
		defaultCountry: 'GB',
		refused: '"0612345678" is not a valid number in United Kingdom (+44). It would be a valid mobile number in France (+33 6 12 34 56 78)',
	},
	{ mistake: 'FR mobile, one digit missing', input: '+33 6 12 34 56 7', refused: '"+33 6 12 34 56 7" is too short to be a phone number for France (+33).' },
	// United States
	{ mistake: 'valid US number with brackets and dash', input: '(415) 555-0100', defaultCountry: 'US', e164: '+14155550100' },
	{ mistake: 'valid US number with dots', input: '415.555.0100', defaultCountry: 'US', e164: '+14155550100' },
	{ mistake: 'US exchange starting with 1 (no such number)', input: '+1 202 123 4567', refused: '"+1 202 123 4567" is not a valid number for country code +1.' },
	// India
	{ mistake: 'valid IN mobile, national', input: '98123 45678', defaultCountry: 'IN', e164: '+919812345678' },
	{ mistake: 'IN mobile with trunk 0', input: '098123 45678', defaultCountry: 'IN', e164: '+919812345678' },
	{ mistake: 'IN mobile, one digit missing', input: '+91 98123 4567', refused: '"+91 98123 4567" is not a valid number for India (+91).' },
	// Brazil
	{ mistake: 'valid BR mobile, national', input: '11 91234-5678', defaultCountry: 'BR', e164: '+5511912345678' },
	{ mistake: 'BR mobile missing its leading 9', input: '(11) 1234-5678', defaultCountry: 'BR', refused: '"(11) 1234-5678" is not a valid number in Brazil (+55).' },
	// Spain, Portugal, Italy, Netherlands, Australia, Mexico
	{ mistake: 'valid ES mobile, national', input: '612 34 56 78', defaultCountry: 'ES', e164: '+34612345678' },
	{
		mistake: 'Portuguese mobile with Default Country ES (a Madrid landline)',
		input: '91 234 56 78',
		defaultCountry: 'ES',
		refused: '"91 234 56 78" is a landline number in Spain (+34 912 34 56 78)',
		mentions: ['Portugal (+351 912 345 678)'],
	},
	{ mistake: 'valid PT mobile, international', input: '+351 912 345 678', e164: '+351912345678' },
	{ mistake: 'valid IT mobile, national', input: '347 123 4567', defaultCountry: 'IT', e164: '+393471234567' },
	{ mistake: 'valid NL mobile with a dash', input: '06-12345678', defaultCountry: 'NL', e164: '+31612345678' },
	{ mistake: 'valid AU mobile, national', input: '0412 345 678', defaultCountry: 'AU', e164: '+61412345678' },
	{ mistake: 'trunk 0 kept after +61', input: '+61 0412 345 678', e164: '+61412345678' },
	{
		mistake: 'Australian mobile with Default Country GB',
		input: '0412 345 678',
		defaultCountry: 'GB',
		refused: '"0412 345 678" is not a valid number in United Kingdom (+44).',
		mentions: ['Australia (+61 412 345 678)'],
	},
	{ mistake: 'valid MX mobile, national', input: '55 1234 5678', defaultCountry: 'MX', e164: '+525512345678' },
	// A mobile of the Default Country with one digit too few or too many: the typo is said first.
	{
		mistake: 'DE mobile, one digit missing',
		input: '0151 2345 678',
		defaultCountry: 'DE',
		refused: '"0151 2345 678" is not a valid number in Germany (+49): it has one digit too few for a mobile number there, so check for a missing digit.',
	},
	{
		mistake: 'FR mobile, one digit missing',
		input: '06 12 34 56 7',
		defaultCountry: 'FR',
		refused: '"06 12 34 56 7" is not a valid number in France (+33): it has one digit too few for a mobile number there, so check for a missing digit.',
	},
	{
		mistake: 'IN mobile, one digit too many',
		input: '98765 432101',
		defaultCountry: 'IN',
		refused: '"98765 432101" is not a valid number in India (+91): it has one digit too many for a mobile number there, so check for an extra digit.',
	},
];
