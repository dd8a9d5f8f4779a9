/**
 * Every field label a user sees, written once: descriptions use them as `displayName`, errors name the
 * field with the same words (`Field "Chat ID" in item 2: …`), so the two cannot drift apart.
 */
export const FIELD = {
	resource: 'Resource',
	operation: 'Operation',
	sendTo: 'Send To',
	phone: 'Phone',
	chatId: 'Chat ID',
	jid: 'JID',
	chatName: 'Chat Name',
	text: 'Text',
	attachment: 'Attachment',
	fileUrl: 'File URL',
	binaryProperty: 'Input Binary Field',
	fileName: 'File Name',
	options: 'Options',
	checkFileLink: 'Check File Link',
	defaultCountry: 'Default Country',
	senderPhone: 'Sender WhatsApp Phone',
	timeout: 'Timeout (Seconds)',
	sendRepeatsOnce: 'Send Identical Messages Once',
	messageId: 'Message ID',
	nameContains: 'Name Contains',
	returnAll: 'Return All',
	limit: 'Limit',
	ifNothingFound: 'If Nothing Is Found',
	// Message → Get, Reply, React
	includeStatusHistory: 'Include Status History',
	replyTo: 'Quote Message ID',
	fileUid: 'File UID',
	chatLabel: 'Add Label to Chat',
	reaction: 'Reaction',
	// File → Upload
	fileSource: 'Source',
	contentType: 'Content Type',

	// Chat: labels, notes, messages
	labels: 'Labels',
	noteText: 'Note',
	isPrivate: 'Private',
	htmlToText: 'Convert HTML to Text',
	filters: 'Filters',
	fromMe: 'From Me',
	after: 'After',
	before: 'Before',
	afterMessage: 'After Message',
	beforeMessage: 'Before Message',
	order: 'Order',
	// Chat → Get Many, Update
	name: 'Name',
	label: 'Labels',
	whatsappAccount: 'WhatsApp Account',
	memberPhone: 'Member Phone',
	responsible: 'Responsible',
	group: 'Group',
	read: 'Read',
	closed: 'Closed',
	aiAgent: 'AI Agent',
	createdAfter: 'Created After',
	createdBefore: 'Created Before',
	includeLastMessage: 'Include Last Message',
	updateFields: 'Update Fields',
} as const;

export const CREDENTIAL_LABEL = {
	inboundUrl: 'Inbound Webhook URL',
	defaultSender: 'Default Sender WhatsApp Phone',
	apiToken: 'API Token',
	apiBaseUrl: 'API Base URL',
} as const;

/** How errors name a credential field: the user has to look for it in the credential, not in the node. */
export const CREDENTIAL_FIELD = {
	inboundUrl: `${CREDENTIAL_LABEL.inboundUrl} (in the TimelinesAI credential)`,
	defaultSender: `${CREDENTIAL_LABEL.defaultSender} (in the TimelinesAI credential)`,
	apiToken: `${CREDENTIAL_LABEL.apiToken} (in the TimelinesAI credential)`,
} as const;
