/** Counts work in flight (queued sends, deliveries) so tests can wait until the sandbox is idle. */
export class Activity {
	private busy = 0;
	private waiters: Array<() => void> = [];

	track<T>(work: Promise<T>): Promise<T> {
		this.busy++;
		const settle = () => {
			this.busy--;
			if (this.busy === 0) this.release();
		};
		work.then(settle, settle);
		return work;
	}

	get idle(): boolean {
		return this.busy === 0;
	}

	whenIdle(): Promise<void> {
		if (this.busy === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** On close, nobody should wait forever. */
	release(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const resolve of waiters) resolve();
	}
}
