/** Keys seen lately, newest last, at most `limit`: a memory of this n8n process only. */
export class RecentKeys {
	private readonly keys = new Set<string>();

	constructor(private readonly limit: number) {}

	/** True when the key is new (and records it); false when it was seen before. */
	claim(key: string): boolean {
		if (this.keys.has(key)) return false;
		this.keys.add(key);
		if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
		return true;
	}

	has(key: string): boolean {
		return this.keys.has(key);
	}
}
