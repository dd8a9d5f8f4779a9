/** Every real timer and outgoing request the sandbox starts, so `close()` can end them all: no open handle. */
export class Timers {
	private readonly pending = new Map<NodeJS.Timeout, () => void>();
	private closed = false;
	private readonly controller = new AbortController();

	/** Aborts the sandbox's own outgoing requests on close. */
	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** Resolves after `ms`, or at once (with `false`) when the sandbox closes. */
	sleep(ms: number): Promise<boolean> {
		if (this.closed) return Promise.resolve(false);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pending.delete(timer);
				resolve(true);
			}, ms);
			this.pending.set(timer, () => resolve(false));
		});
	}

	get isClosed(): boolean {
		return this.closed;
	}

	closeAll(): void {
		this.closed = true;
		this.controller.abort();
		for (const [timer, cancel] of this.pending) {
			clearTimeout(timer);
			cancel();
		}
		this.pending.clear();
	}
}
