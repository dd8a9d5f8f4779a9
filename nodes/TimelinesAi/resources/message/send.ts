import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { sendProperties } from '../../sending/fields';
import { chatLocatorProperty } from '../chat/chat-locator';

/**
 * Message → Send: the fields of the older TimelinesAI Send node, under the same names (so both run the
 * same code), with two pickers: Chat ID from a list of chats, Sender WhatsApp Phone from the connected accounts.
 */

function senderAccountPicker(field: INodeProperties): INodeProperties {
	return {
		...field,
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWhatsappAccounts' },
		placeholder: undefined,
		// The label stays "Sender WhatsApp Phone": the value is the account's phone, and error messages name the field so.
		description:
			"Which connected WhatsApp account sends, overriding the credential's default sender. Choose from the list (needs the API Token), or specify a phone such as +15105566777 using an expression. TimelinesAI ignores it when sending to a Chat ID.",
	};
}

function withPickers(field: INodeProperties): INodeProperties {
	if (field.name === 'chatId') return chatLocatorProperty(field);
	if (field.name === 'options' && field.options) {
		const options = (field.options as INodeProperties[]).map((option) => (option.name === 'senderPhone' ? senderAccountPicker(option) : option));
		return { ...field, options };
	}
	return field;
}

export const sendMessageProperties: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	sendProperties.map(withPickers),
);
