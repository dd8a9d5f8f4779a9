/**
 * What the error of a stopped run says about the other items, so that running the workflow again
 * after a fix sends nothing twice.
 */

export interface SentItem {
	itemIndex: number;
	messageId: string;
}

/** Message ids listed in full; a long run names the first ones and counts the rest. */
const LISTED_IDS = 10;

/** "item 3", "items 3 and 5", "items 0 to 4", "items 1, 4 and 6" (counted from 0, as n8n does). */
export function describeItems(indexes: number[]): string {
	if (indexes.length === 1) return `item ${indexes[0]}`;
	const contiguous = indexes.every((index, position) => index === indexes[0] + position);
	if (contiguous && indexes.length > 2) return `items ${indexes[0]} to ${indexes[indexes.length - 1]}`;
	return `items ${indexes.slice(0, -1).join(', ')} and ${indexes[indexes.length - 1]}`;
}

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** For the first bad item, found while every item was checked and before anything was sent. */
export function nothingSentNote(otherBadItems: number[]): string {
	const note = 'Nothing was sent: every item is checked before the first message goes out.';
	if (otherBadItems.length === 0) return note;
	const verb = otherBadItems.length === 1 ? 'has a problem too' : 'have problems too';
	return `${note} ${capitalised(describeItems(otherBadItems))} ${verb}.`;
}

/** For an item that failed while being sent, after the items before it went out. */
export function alreadySentNote(sent: SentItem[], isLastItem: boolean): string {
	const notLater = isLastItem ? '' : ' The items after this one were not sent.';
	if (sent.length === 0) return notLater.trim();
	const ids = sent.slice(0, LISTED_IDS).map((item) => item.messageId);
	const more = sent.length > LISTED_IDS ? ` and ${sent.length - LISTED_IDS} more` : '';
	const [one, them] = sent.length === 1 ? ['it', 'its recipient gets'] : ['them', 'their recipients get'];
	return (
		`${capitalised(describeItems(sent.map((item) => item.itemIndex)))} ${sent.length === 1 ? 'was' : 'were'} already sent ` +
		`(message ${sent.length === 1 ? 'id' : 'ids'} ${ids.join(', ')}${more}): leave ${one} out before you run the workflow again, ` +
		`or ${them} the message twice.${notLater}`
	);
}
