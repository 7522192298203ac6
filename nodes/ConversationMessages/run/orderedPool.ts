export interface Job {
	/** Jobs with the same key run one after another, in the order given. */
	key: string;
	run: () => Promise<void>;
}

/**
 * Runs jobs at most `concurrency` at a time, keeping jobs of the same key in order, so a
 * batch into one conversation arrives in item order while other conversations go in parallel.
 * Once `stopped()` is true, jobs not yet started are skipped. `run` must not throw.
 */
export async function runOrdered(jobs: Job[], concurrency: number, stopped: () => boolean): Promise<void> {
	let running = 0;
	const waiting: Array<() => void> = [];
	const acquire = async () => {
		if (running < concurrency) {
			running++;
			return;
		}
		await new Promise<void>((resolve) => waiting.push(resolve));
	};
	const release = () => {
		const next = waiting.shift();
		if (next) next();
		else running--;
	};

	const tails = new Map<string, Promise<void>>();
	const all = jobs.map((job) => {
		const previous = tails.get(job.key) ?? Promise.resolve();
		const current = previous.then(async () => {
			if (stopped()) return;
			await acquire();
			try {
				if (!stopped()) await job.run();
			} finally {
				release();
			}
		});
		tails.set(job.key, current);
		return current;
	});
	await Promise.all(all);
}
