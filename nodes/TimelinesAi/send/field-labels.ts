/** Labels of the fields an error can name, exactly as the node and its credential show them. */
export const FIELD = {
	text: 'Text',
	fileUrl: 'File URL',
	fileName: 'File Name',
	binaryProperty: 'Input Binary Field',
	senderPhone: 'Sender WhatsApp Phone',
	defaultSender: 'Default Sender WhatsApp Phone (in the TimelinesAI credential)',
	inboundUrl: 'Inbound Webhook URL (in the TimelinesAI credential)',
	apiToken: 'API Token (in the TimelinesAI credential)',
} as const;
