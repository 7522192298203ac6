'use strict';
/**
 * The workflow `npm run test:queue` imports: three production webhooks, each feeding one
 * Send Conversation Message node.
 *
 *   POST /webhook/cm-queue-chatwoot   multipart {job, conversation, file}  → 99digital / Chatwoot, file attached
 *   POST /webhook/cm-queue-engagelab  multipart {job, conversation, file}  → EngageLab LiveDesk, file attached
 *   POST /webhook/cm-queue-reamaze    JSON {job}                           → Re:amaze (text only; it takes no uploads),
 *                                                                            origin_id derived by the node
 *   POST /webhook/cm-queue-<platform>-keyed                                → the same, one per platform (Intercom and
 *                                                                            User.com: JSON {job, conversation}), with
 *                                                                            Options → Deduplication Key = the caller's
 *                                                                            job tag (on Re:amaze also its origin_id)
 *
 * Between webhook and send, a Wait node sleeps `waitSeconds` from the request (0 when absent; under
 * 65 s n8n waits in-process, so the job stays active on its worker): the worker-kill phase uses it
 * to have jobs in flight that have not reached the vendor yet.
 * The message content is the job tag, so the test finds each job's message(s) at the vendor.
 * Webhooks answer with the last node's output (responseMode lastNode), i.e. after the worker ran.
 */

const { CREDENTIAL_REFS } = require('./credentials');
const { NODE_TYPE } = require('./runtime/package');

const WORKFLOW_ID = 'cmQueueTest00001';
/** route → webhook path; a route's vendor is ROUTE_PLATFORM[route]. */
const PATHS = Object.freeze({
	ninetyNineDigital: 'cm-queue-chatwoot',
	engageLab: 'cm-queue-engagelab',
	reamaze: 'cm-queue-reamaze',
	ninetyNineDigitalKeyed: 'cm-queue-chatwoot-keyed',
	engageLabKeyed: 'cm-queue-engagelab-keyed',
	intercomKeyed: 'cm-queue-intercom-keyed',
	userEngageKeyed: 'cm-queue-userengage-keyed',
	reamazeKeyed: 'cm-queue-reamaze-keyed',
});
const ROUTE_PLATFORM = Object.freeze({
	ninetyNineDigital: 'ninetyNineDigital',
	engageLab: 'engageLab',
	reamaze: 'reamaze',
	ninetyNineDigitalKeyed: 'ninetyNineDigital',
	engageLabKeyed: 'engageLab',
	intercomKeyed: 'intercom',
	userEngageKeyed: 'userEngage',
	reamazeKeyed: 'reamaze',
});
/** Routes whose messages carry the caller's job tag as Deduplication Key. */
const KEYED_ROUTES = Object.freeze(Object.keys(PATHS).filter((route) => route.endsWith('Keyed')));

const UUIDS = {
	ninetyNineDigital: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e01', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e02', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e03', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e04'],
	engageLab: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e11', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e12', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e13', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e14'],
	reamaze: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e21', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e22', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e23', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e24'],
	reamazeKeyed: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e31', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e32', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e33', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e34'],
	ninetyNineDigitalKeyed: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e41', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e42', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e43', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e44'],
	engageLabKeyed: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e51', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e52', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e53', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e54'],
	intercomKeyed: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e61', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e62', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e63', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e64'],
	userEngageKeyed: ['7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e71', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e72', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e73', '7f1c2a40-0d59-4a8e-9a55-1f0a4c6b2e74'],
};

const LABEL = {
	ninetyNineDigital: 'Chatwoot',
	engageLab: 'EngageLab',
	reamaze: 'Re:amaze',
	ninetyNineDigitalKeyed: 'Chatwoot (key from caller)',
	engageLabKeyed: 'EngageLab (key from caller)',
	intercomKeyed: 'Intercom (key from caller)',
	userEngageKeyed: 'User.com (key from caller)',
	reamazeKeyed: 'Re:amaze (key from caller)',
};

function sendParameters(route) {
	const platform = ROUTE_PLATFORM[route];
	const conversation = { __rl: true, value: '={{ $json.body.conversation }}', mode: 'id' };
	switch (route) {
		case 'ninetyNineDigital':
			return { platform, accountId: '7', conversationId: conversation, content: '={{ $json.body.job }}', attachments: 'file', options: {} };
		case 'engageLab':
			return { platform, conversationId: conversation, content: '={{ $json.body.job }}', attachments: 'file', options: {} };
		case 'reamaze':
			return {
				platform,
				conversationId: { __rl: true, value: 'refund-request', mode: 'id' },
				content: '={{ $json.body.job }}',
				visibility: 'regular',
				additionalFields: {},
				options: {},
			};
		case 'intercomKeyed':
			return keyed({ platform, intercomOperation: 'reply', conversationId: conversation, replyAs: 'admin', adminId: '991267459', replyType: 'comment', content: '={{ $json.body.job }}' });
		case 'userEngageKeyed':
			return keyed({ platform, conversationId: conversation, content: '={{ $json.body.job }}', agentId: '926' });
		case 'ninetyNineDigitalKeyed':
		case 'engageLabKeyed':
		case 'reamazeKeyed':
			return keyed(sendParameters(platform));
		default:
			throw new Error(platform);
	}
}

function keyed(parameters) {
	return { ...parameters, options: { ...(parameters.options || {}), deduplicationKey: '={{ $json.body.job }}' } };
}

function queueWorkflow() {
	const nodes = [];
	const connections = {};
	Object.keys(PATHS).forEach((route, row) => {
		const [webhookNodeId, webhookId, sendNodeId, waitNodeId] = UUIDS[route];
		const hook = `${LABEL[route]} webhook`;
		const wait = `${LABEL[route]} wait`;
		const send = `Send to ${LABEL[route]}`;
		const ref = CREDENTIAL_REFS[ROUTE_PLATFORM[route]];
		nodes.push(
			{
				id: webhookNodeId,
				name: hook,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, row * 200],
				webhookId,
				parameters: { httpMethod: 'POST', path: PATHS[route], responseMode: 'lastNode', options: {} },
			},
			{
				id: waitNodeId,
				name: wait,
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [220, row * 200],
				webhookId: waitNodeId,
				parameters: { resume: 'timeInterval', amount: '={{ Number($json.body.waitSeconds || 0) }}', unit: 'seconds' },
			},
			{
				id: sendNodeId,
				name: send,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [440, row * 200],
				parameters: sendParameters(route),
				credentials: { [ref.type]: { id: ref.id, name: ref.name } },
			},
		);
		connections[hook] = { main: [[{ node: wait, type: 'main', index: 0 }]] };
		connections[wait] = { main: [[{ node: send, type: 'main', index: 0 }]] };
	});
	return {
		id: WORKFLOW_ID,
		name: 'Queue test: webhook uploads → Send Conversation Message',
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData: {},
	};
}

module.exports = { WORKFLOW_ID, PATHS, ROUTE_PLATFORM, KEYED_ROUTES, LABEL, queueWorkflow };
