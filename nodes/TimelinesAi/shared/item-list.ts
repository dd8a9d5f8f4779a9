/** Items named in errors, counted from 0 as n8n's editor counts them. */

/** "item 3", "items 3 and 5", "items 0 to 4", "items 1, 4 and 6". */
export function describeItems(indexes: number[]): string {
	if (indexes.length === 1) return `item ${indexes[0]}`;
	const contiguous = indexes.every((index, position) => index === indexes[0] + position);
	if (contiguous && indexes.length > 2) return `items ${indexes[0]} to ${indexes[indexes.length - 1]}`;
	return `items ${indexes.slice(0, -1).join(', ')} and ${indexes[indexes.length - 1]}`;
}

export function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
