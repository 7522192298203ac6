import { sleep } from 'n8n-workflow';

/**
 * Shared by every request of one execution: when the vendor rate-limits any of them, all of
 * them hold back until the vendor's wait is over, so a parallel batch slows down as a whole
 * instead of hammering the vendor.
 */
export class RateGate {
	private openAt = 0;

	pauseFor(milliseconds: number): void {
		this.openAt = Math.max(this.openAt, Date.now() + milliseconds);
	}

	async wait(): Promise<void> {
		for (let delay = this.openAt - Date.now(); delay > 0; delay = this.openAt - Date.now()) {
			await sleep(delay);
		}
	}
}
