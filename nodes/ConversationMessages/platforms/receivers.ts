import { PLATFORMS, pickerMethods } from './index';
import type { Platform, PlatformMethods, PollReceiver, WebhookReceiver } from './types';

export type WebhookPlatform = Platform & { receive: WebhookReceiver };

/** Platforms that push new messages to a webhook: the Conversation Message Trigger. */
export const WEBHOOK_PLATFORMS = PLATFORMS.filter((platform): platform is WebhookPlatform => platform.receive.kind === 'webhook');

/** Platforms that must be polled: the Conversation Message Polling Trigger. */
export const POLL_PLATFORMS = PLATFORMS.filter((platform): platform is Platform & { receive: PollReceiver } => platform.receive.kind === 'poll');

/** Pickers of a trigger's panel: the platforms' own (accounts, …) and their receivers' (inboxes, …). */
export function triggerMethods(platforms: Platform[]): Required<PlatformMethods> {
	return pickerMethods(platforms.flatMap((platform) => [platform.methods, platform.receive.methods]));
}
