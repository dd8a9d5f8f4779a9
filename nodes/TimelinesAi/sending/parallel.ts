/**
 * Requests in flight together. TimelinesAI takes 30 requests a second and each answer takes a round trip
 * (100–300 ms over the internet), so one request at a time would use a fraction of the limit; 10 in flight
 * reach it at round trips up to 330 ms. The pace itself is kept by `Pacer` in `shared/http.ts`.
 */
export const MAX_IN_FLIGHT = 10;

/** Runs `work` on every entry, at most `limit` at once, starting them in order. */
export async function inParallel<T>(entries: T[], work: (entry: T) => Promise<void>, limit = MAX_IN_FLIGHT): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < entries.length) await work(entries[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
}

/**
 * Runs `work` on every entry, at most `limit` at once, starting them in order, and one after another within a
 * lane (the entries with the same `laneOf`): an entry starts only once the one before it in its lane has finished.
 * `mayStart` is asked just before each start; once it says no, nothing more starts and the entries in flight finish.
 * Returns the entries that never started.
 */
export async function inLanes<T>(
	entries: T[],
	laneOf: (entry: T) => string,
	work: (entry: T) => Promise<void>,
	mayStart: () => boolean,
	limit = MAX_IN_FLIGHT,
): Promise<T[]> {
	const notStarted: T[] = [];
	const waiting = [...entries];
	const busyLanes = new Set<string>();
	let inFlight = 0;
	return await new Promise<T[]>((resolve, reject) => {
		const launch = () => {
			// The first waiting entry of a free lane, in input order: the order within a lane is the input order.
			const blocked = new Set<string>();
			for (let index = 0; index < waiting.length && inFlight < limit; ) {
				const entry = waiting[index];
				const lane = laneOf(entry);
				if (busyLanes.has(lane) || blocked.has(lane)) {
					blocked.add(lane);
					index++;
					continue;
				}
				if (!mayStart()) {
					notStarted.push(...waiting.splice(0));
					break;
				}
				waiting.splice(index, 1);
				busyLanes.add(lane);
				inFlight++;
				work(entry).then(
					() => finish(lane),
					(error: unknown) => reject(error),
				);
			}
			if (inFlight === 0) {
				notStarted.push(...waiting.splice(0));
				resolve(notStarted);
			}
		};
		const finish = (lane: string) => {
			busyLanes.delete(lane);
			inFlight--;
			launch();
		};
		launch();
	});
}
