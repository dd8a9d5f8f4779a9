/** Items named in errors, counted from 0 as n8n's editor counts them. */

/** "item 3", "items 3 and 5", "items 0 to 4", "items 1, 4 and 6", "items 0 to 4, 6 and 9" (ascending indexes). */
export function describeItems(indexes: number[]): string {
	if (indexes.length === 1) return `item ${indexes[0]}`;
	// Runs of three or more consecutive items are written as ranges, so a long list stays readable.
	const parts: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		if (end - start >= 2) parts.push(`${indexes[start]} to ${indexes[end]}`);
		else parts.push(...indexes.slice(start, end + 1).map(String));
		start = end + 1;
	}
	return parts.length === 1 ? `items ${parts[0]}` : `items ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The start of a sentence about the items, its verb agreeing: "Item 3 was", "Items 0 to 4 were". */
export function itemsThat(indexes: number[], singular: string, plural: string): string {
	return `${capitalised(describeItems(indexes))} ${indexes.length === 1 ? singular : plural}`;
}
