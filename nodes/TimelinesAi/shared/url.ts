/** A parsed http(s) address, or undefined for anything else (garbage, `ftp:`, `file:`, `data:`…). */
export function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

export function isWebUrl(url: URL): boolean {
	return url.protocol === 'http:' || url.protocol === 'https:';
}
