// Progress lines of the runtime scripts go to stderr so that `npm start -- --json` keeps stdout for its one JSON line.
export function progress(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

export function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
