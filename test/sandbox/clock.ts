/**
 * The sandbox's notion of "now": real time plus an offset that tests advance, or a frozen instant.
 * Message timestamps, aggregation periods, link expiry and rate-limit windows all read it,
 * so a 24-hour bundle is testable in milliseconds.
 */
export class SandboxClock {
	private offsetMs = 0;
	private frozenAtMs: number | null = null;

	nowMs(): number {
		return this.frozenAtMs ?? Date.now() + this.offsetMs;
	}

	now(): Date {
		return new Date(this.nowMs());
	}

	get frozen(): boolean {
		return this.frozenAtMs !== null;
	}

	advance(ms: number): void {
		if (this.frozenAtMs !== null) this.frozenAtMs += ms;
		else this.offsetMs += ms;
	}

	set(at: Date, frozen: boolean): void {
		if (frozen) {
			this.frozenAtMs = at.getTime();
		} else {
			this.frozenAtMs = null;
			this.offsetMs = at.getTime() - Date.now();
		}
	}

	reset(): void {
		this.offsetMs = 0;
		this.frozenAtMs = null;
	}
}
