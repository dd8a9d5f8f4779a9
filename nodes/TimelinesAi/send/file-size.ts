import { MAX_ATTACHMENT_BYTES } from '../protocol';

function megabytes(bytes: number): string {
	return (bytes / (1024 * 1024)).toFixed(1);
}

/** The one sentence for a file over TimelinesAI's 2 MB limit, wherever it came from. */
export function tooLargeProblem(what: string, bytes: number, atLeast = false): string | undefined {
	if (bytes <= MAX_ATTACHMENT_BYTES) return undefined;
	const size = atLeast ? `larger than ${megabytes(MAX_ATTACHMENT_BYTES)} MB` : `${megabytes(bytes)} MB`;
	return `${what} is ${size}, but TimelinesAI sends files of at most ${megabytes(MAX_ATTACHMENT_BYTES)} MB. Send a smaller or compressed file, or a link to a page where the contact can download it.`;
}
