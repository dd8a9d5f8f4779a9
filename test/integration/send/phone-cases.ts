import type { INodeParameters } from 'n8n-workflow';

import { OFFLINE_CREDENTIALS, type BadInputCase } from './offline-cases';

const phone = (value: string, options: INodeParameters = {}): INodeParameters => ({ sendTo: 'phone', phone: value, text: 'Hello', options });

/** Numbers that would reach the wrong person or nobody: refused before anything is sent (issue 16, item 5). */
export const PHONE_CASES: BadInputCase[] = [
	{
		name: 'Irish mobile written nationally with Default Country GB',
		parameters: phone('087 123 4567', { defaultCountry: 'GB' }),
		message:
			'Field "Phone" in item 0: "087 123 4567" is not a valid number in United Kingdom (+44). It would be a valid mobile number in Bulgaria (+359 87 123 4567), Ireland (+353 87 123 4567) or Congo - Kinshasa (+243 871 234 567): write it with the country code, or change Default Country. Otherwise check for a missing or extra digit.',
	},
	{
		name: 'French mobile written nationally with Default Country DE (a German landline)',
		parameters: phone('0612345678', { defaultCountry: 'DE' }),
		message:
			'Field "Phone" in item 0: "0612345678" is a landline number in Germany (+49 6123 45678), but WhatsApp numbers are almost always mobiles, and these digits are a mobile number in France (+33 6 12 34 56 78). Write it with the country code (+49 or +33) to say which one you mean.',
	},
	{
		name: 'national number with a digit missing',
		parameters: phone('(11) 1234-5678', { defaultCountry: 'BR' }),
		message:
			'Field "Phone" in item 0: "(11) 1234-5678" is not a valid number in Brazil (+55). Check for a missing or extra digit. A number from another country needs + and its country code, e.g. +14155550100.',
	},
	{
		name: 'international number with a digit missing (possible length, not valid)',
		parameters: phone('+44 7911 12345'),
		message:
			'Field "Phone" in item 0: "+44 7911 12345" is not a valid number for country code +44. Check for a missing or extra digit, and that the country code is right.',
	},
	{
		name: 'sender phone option with a digit missing',
		parameters: phone('+447911123456', { defaultCountry: 'GB', senderPhone: '07700 90001' }),
		message:
			'Field "Sender WhatsApp Phone" in item 0: "07700 90001" is not a valid number in United Kingdom (+44): it has one digit too few for a mobile number there, so check for a missing digit. If it is a number from abroad, it would be a valid mobile number in France (+33 7 70 09 00 01), Monaco (+377 7 70 09 00 01) or Romania (+40 770 090 001): write it with the country code, or change Default Country.',
	},
	{
		name: "credential's default sender that is a landline here and a neighbour's mobile",
		parameters: phone('+447911123456', { defaultCountry: 'DE' }),
		credentials: { ...OFFLINE_CREDENTIALS, defaultSenderPhone: '0612345678' },
		message:
			'Field "Default Sender WhatsApp Phone (in the TimelinesAI credential)" in item 0: "0612345678" is a landline number in Germany (+49 6123 45678), but WhatsApp numbers are almost always mobiles, and these digits are a mobile number in France (+33 6 12 34 56 78). Write it with the country code (+49 or +33) to say which one you mean.',
	},
];
