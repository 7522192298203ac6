import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The app's Client Secret from the credential, '' when it is not set: what Intercom signs its webhook notifications with. */
export async function clientSecretOf(ctx: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await ctx.getCredentials('intercomMessagingApi');
	return String(credentials.clientSecret ?? '').trim();
}

/** The Client Secret, or an error saying where to find it: the trigger cannot check a delivery, nor sign its catch-up, without it. */
export async function requiredClientSecret(ctx: IHookFunctions | IWebhookFunctions): Promise<string> {
	const secret = await clientSecretOf(ctx);
	if (!secret) {
		throw new NodeOperationError(ctx.getNode(), 'The Intercom Messaging API credential has no Client Secret', {
			description:
				'The trigger checks each delivery\'s signature with your app\'s Client Secret: Developer Hub → your app → Basic information. Add it to the credential.',
		});
	}
	return secret;
}
