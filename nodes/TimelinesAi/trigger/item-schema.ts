/**
 * The one item shape every delivery becomes (README "TimelinesAI Trigger" documents it field by field).
 * Missing values are `null`, never absent, so expressions downstream behave the same for every shape.
 */

export type ItemSource = 'outbound_integration' | 'api_webhook';

export type ItemPerson = {
	name: string | null;
	phone: string | null;
};

export type ItemResponsible = {
	name: string | null;
	email: string | null;
};

export type ItemChat = {
	/** Always a string, whichever generation delivered it. */
	id: string | null;
	name: string | null;
	url: string | null;
	phone: string | null;
	jid: string | null;
	is_group: boolean | null;
	is_new: boolean | null;
	responsible: ItemResponsible | null;
};

export type ItemAccount = {
	id: string | null;
	phone: string | null;
	name: string | null;
	owner_name: string | null;
	owner_email: string | null;
	status: string | null;
};

export type ItemAttachment = {
	filename: string | null;
	mimetype: string | null;
	size: number | null;
	/** Valid for 15 minutes after the message. */
	url: string | null;
	/** The binary property holding the file, when "Download Attachments" is on and it worked. */
	binary_property: string | null;
	/** Why the file is not in a binary property, when "Download Attachments" is on and it failed. */
	download_error: string | null;
};

/** What one message says; `null`/empty for chat, account and call events. */
export type ItemMessage = {
	direction: 'received' | 'sent' | null;
	text: string | null;
	/** ISO 8601, UTC. */
	timestamp: string | null;
	message_uid: string | null;
	reply_to_uid: string | null;
	origin: string | null;
	sender: ItemPerson | null;
	recipient: ItemPerson | null;
	attachments: ItemAttachment[];
};

/** Where a message sat in the bundle it was split from. */
export type ItemBundlePosition = {
	index: number;
	count: number;
	first_message_timestamp: string | null;
	last_message_timestamp: string | null;
};

export type TriggerItem = ItemMessage & {
	event: string;
	source: ItemSource;
	chat: ItemChat | null;
	account: ItemAccount | null;
	bundle: ItemBundlePosition | null;
	/** When the node received the delivery, ISO 8601 UTC. */
	received_at: string;
	raw?: unknown;
};

/** "Bundles: Keep as One Item": the whole bundle with its ready-made HTML, for CRM notes. */
export type BundleItem = {
	event: typeof BUNDLE_EVENT;
	source: ItemSource;
	chat: ItemChat | null;
	account: ItemAccount | null;
	messages: ItemMessage[];
	first_message_timestamp: string | null;
	last_message_timestamp: string | null;
	aggregation_html: string | null;
	received_at: string;
	raw?: unknown;
};

export const BUNDLE_EVENT = 'message:bundle';

export type OutputItem = TriggerItem | BundleItem;
