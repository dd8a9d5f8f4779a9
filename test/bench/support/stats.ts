/** Small statistics over samples (milliseconds unless said otherwise). */

export function sorted(values: number[]): number[] {
	return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) throw new Error('percentile of an empty sample');
	const ordered = sorted(values);
	const rank = Math.ceil((p / 100) * ordered.length);
	return ordered[Math.min(ordered.length, Math.max(1, rank)) - 1];
}

export function median(values: number[]): number {
	if (values.length === 0) throw new Error('median of an empty sample');
	const ordered = sorted(values);
	const middle = Math.floor(ordered.length / 2);
	return ordered.length % 2 === 1 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2;
}

export function mean(values: number[]): number {
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function ms(value: number): string {
	if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
	if (value >= 100) return `${Math.round(value)} ms`;
	return `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
}
