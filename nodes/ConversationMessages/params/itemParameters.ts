import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Attachment } from '../transport/multipart';

import type { Check } from './checks';
import * as checks from './checks';
import { ParameterProblem } from './checks';

/**
 * Values read the same way wherever they come from (the node's parameters, a collection's
 * fields): each typed reader takes the value's name and its label in the panel, and every
 * failure names that label and the item, e.g. `Account ID is empty (item 3)`.
 */
export class ParameterValues {
	constructor(
		readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
		private readonly source: (name: string, fallback: unknown) => unknown,
	) {}

	/** The error for a value of this item: the label, the problem and the item, as users read it. */
	fail(label: string, problem: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), `${label} ${problem} (item ${this.itemIndex})`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	/** The raw value, unchecked. */
	get(name: string, fallback?: unknown): unknown {
		return this.source(name, fallback);
	}

	/** A value in hand (an entry of a list, a key of a JSON object) through a check. */
	as<T>(value: unknown, check: Check<T>, label: string): T {
		const result = check(value);
		if (result instanceof ParameterProblem) throw this.fail(label, result.problem, result.description);
		return result;
	}

	read<T>(name: string, check: Check<T>, label: string, fallback?: unknown): T {
		return this.as(this.get(name, fallback), check, label);
	}

	text(name: string, label: string, fallback: unknown = ''): string {
		return this.read(name, checks.text, label, fallback);
	}

	requiredText(name: string, label: string, fallback: unknown = ''): string {
		return this.read(name, checks.requiredText, label, fallback);
	}

	wholeNumber(name: string, label: string): number {
		return this.read(name, checks.wholeNumber, label);
	}

	pathSegment(name: string, label: string): string {
		return this.read(name, checks.pathSegment, label);
	}

	email(name: string, label: string): string {
		return this.read(name, checks.email, label, '');
	}

	httpUrl(name: string, label: string): string {
		return this.read(name, checks.httpUrl, label, '');
	}

	boolean(name: string, label: string): boolean {
		return this.read(name, checks.boolean, label, false);
	}

	list(name: string, label: string): string[] {
		return this.read(name, checks.list, label, '');
	}

	jsonObject(name: string, label: string): IDataObject | undefined {
		return this.read(name, checks.jsonObject, label);
	}

	/** The fields of an object (a collection's, a JSON parameter's), read the same way; a missing or null field gives the fallback. */
	within(values: IDataObject): ParameterValues {
		return new ParameterValues(this.ctx, this.itemIndex, (name, fallback) => values[name] ?? fallback);
	}
}

/** What a platform asks of the Content parameter. */
export interface ContentRules {
	/** Files may go with the message (at most this many): with at least one, the content may be empty. */
	orFiles?: { maxFiles: number };
	/** The vendor's length limit in characters (an emoji is one, as Ruby counts). */
	maxCharacters?: { limit: number; vendor: string };
	/** Content the vendor refuses, e.g. HTML where it takes plain text only. */
	refuse?: { pattern: RegExp; problem: string; description: string };
}

const ATTACHMENTS_LABEL = 'Attachments';

/** Whether the user added the Deduplication Key option, per node run (getNode() copies the node: once is enough). */
const keyOptionSet = new WeakMap<IExecuteFunctions, boolean>();

/**
 * One item's parameters. Each is read from n8n (and its expression resolved) once per item,
 * however many readers ask for it: the send node's cost per message is mostly these reads.
 */
export class ItemParameters extends ParameterValues {
	private deduplication?: { key: string | undefined };
	private files?: Attachment[];

	constructor(ctx: IExecuteFunctions, itemIndex: number) {
		const read = new Map<string, unknown>();
		super(ctx, itemIndex, (name, fallback) => {
			if (read.has(name)) return read.get(name);
			const value = ctx.getNodeParameter(name, itemIndex, fallback);
			read.set(name, value);
			return value;
		});
	}

	/** A collection parameter (Additional Fields, …): its fields, none when the user added none. */
	collection(name: string): ParameterValues {
		return this.within((this.get(name, {}) as IDataObject | undefined) ?? {});
	}

	/**
	 * The conversation parameter (a resource locator) as its plain value, checked: the picked or
	 * typed id, or the id taken from a pasted address. A plain string saved by an older workflow
	 * is used as is.
	 */
	conversationId<T>(label: string, check: Check<T>): T {
		let value: unknown;
		try {
			value = this.ctx.getNodeParameter('conversationId', this.itemIndex, '', { extractValue: true });
		} catch {
			throw this.fail(
				label,
				'is not an address of a conversation on this platform',
				'Paste the address of the conversation as the inbox shows it, or choose "By ID".',
			);
		}
		return this.as(value, check, label);
	}

	/** The message text, byte-exact, under the platform's rules. */
	content(rules: ContentRules = {}): string {
		const content = rules.orFiles ? this.text('content', 'Content') : this.requiredText('content', 'Content');
		if (rules.orFiles && content.trim() === '' && !this.attachments(rules.orFiles.maxFiles).length) {
			throw this.fail('Content', 'is empty and no file is attached');
		}
		if (rules.maxCharacters) {
			const characters = [...content].length;
			const { limit, vendor } = rules.maxCharacters;
			if (characters > limit) throw this.fail('Content', `is ${characters} characters long; ${vendor} takes at most ${limit}`);
		}
		if (rules.refuse?.pattern.test(content)) throw this.fail('Content', rules.refuse.problem, rules.refuse.description);
		return content;
	}

	/**
	 * The item's files named in the Attachments parameter (comma-separated, as in n8n's Send
	 * Email node), at most `maxFiles`. Nothing is read yet: the bytes are streamed when sent.
	 */
	attachments(maxFiles: number): Attachment[] {
		this.files ??= this.readAttachments(maxFiles);
		return this.files;
	}

	private readAttachments(maxFiles: number): Attachment[] {
		const properties = this.list('attachments', ATTACHMENTS_LABEL);
		if (properties.length > maxFiles) {
			throw this.fail(ATTACHMENTS_LABEL, `names ${properties.length} files; this platform takes at most ${maxFiles} per message`);
		}
		return properties.map((property) => {
			let binary: IBinaryData;
			try {
				binary = this.ctx.helpers.assertBinaryData(this.itemIndex, property);
			} catch {
				const item = this.ctx.getInputData()[this.itemIndex];
				const available = Object.keys(item?.binary ?? {});
				throw this.fail(
					ATTACHMENTS_LABEL,
					available.length
						? `names the binary property "${property}", which this item does not have`
						: `names the binary property "${property}", but this item has no binary data at all`,
					available.length
						? `The item's binary properties are: ${available.join(', ')}`
						: 'Attach a file upstream (e.g. with Read/Write Files from Disk, HTTP Request or Convert to File), or leave Attachments empty.',
				);
			}
			return {
				property,
				binary,
				fileName: binary.fileName || `${property}${binary.fileExtension ? '.' + binary.fileExtension : ''}` || 'file',
				mimeType: binary.mimeType || 'application/octet-stream',
			};
		});
	}

	/**
	 * For platforms (or operations) that take no uploads: the Attachments field is shown there
	 * only so that a file meant for the conversation stops the node with a clear reason.
	 */
	refuseAttachments(reason: string, description: string): void {
		if (this.list('attachments', ATTACHMENTS_LABEL).length) {
			throw this.fail(ATTACHMENTS_LABEL, `is not supported: ${reason}`, description);
		}
	}

	/** A file's bytes, for vendors that take files inside JSON (Intercom's base64 attachment_files). */
	async attachmentBase64(attachment: Attachment): Promise<string> {
		const buffer = await this.ctx.helpers.getBinaryDataBuffer(this.itemIndex, attachment.property);
		return buffer.toString('base64');
	}

	/**
	 * The item's Deduplication Key (an option of the send node: run/ claims it in n8n's store,
	 * Re:amaze derives its origin_id from it), or undefined when the option is not set.
	 */
	deduplicationKey(): string | undefined {
		this.deduplication ??= { key: this.readDeduplicationKey() };
		return this.deduplication.key;
	}

	private readDeduplicationKey(): string | undefined {
		// Only an option the user added is in the collection: an empty value is then a missing key.
		let isSet = keyOptionSet.get(this.ctx);
		if (isSet === undefined) {
			isSet = (this.ctx.getNode().parameters.options as IDataObject | undefined)?.deduplicationKey !== undefined;
			keyOptionSet.set(this.ctx, isSet);
		}
		if (!isSet) return undefined;
		const raw = this.ctx.getNodeParameter('options.deduplicationKey', this.itemIndex) as unknown;
		const key = typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
		if (key === undefined) {
			throw this.fail('Deduplication Key', `must be text or a number, got ${raw === null ? 'null' : typeof raw}`);
		}
		if (key === '') {
			throw this.fail(
				'Deduplication Key',
				'is empty',
				'The expression gave nothing for this item (a missing field?). Without a key the message could be sent twice, so it was not sent.',
			);
		}
		return key;
	}
}

export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): ItemParameters {
	return new ItemParameters(ctx, itemIndex);
}
