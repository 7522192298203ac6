/**
 * What a user installs: the npm tarball (built by `npm test` before this runs) holds the six
 * credentials, the node, its codex and icons, and nothing else.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

const root = resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('package.json is a valid community node package', () => {
	expect(manifest.name).toBe('n8n-nodes-conversation-messages');
	expect(manifest.license).toBe('MIT');
	expect(manifest.keywords).toContain('n8n-community-node-package');
	expect(manifest.files).toEqual(['dist']);
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(Object.keys(manifest.dependencies)).toEqual(['form-data']);
	expect(manifest.n8n.n8nNodesApiVersion).toBe(1);
	expect(manifest.n8n.nodes).toEqual([
		'dist/nodes/ConversationMessages/SendConversationMessage.node.js',
		'dist/nodes/ConversationMessages/ConversationMessageTrigger.node.js',
		'dist/nodes/ConversationMessages/ConversationMessagePollingTrigger.node.js',
		'dist/nodes/ConversationMessages/ConversationActions.node.js',
	]);
	expect(manifest.n8n.credentials).toHaveLength(6);
	expect(existsSync(join(root, 'LICENSE'))).toBe(true);
	// Read by npm (and its provenance check, which wants the repository that publishes) and by
	// n8n's community-package scanner.
	expect(manifest.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/) });
	const repositoryPage = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
	expect(manifest.homepage).toBe(`${repositoryPage}#readme`);
	expect(manifest.bugs).toEqual({ url: `${repositoryPage}/issues` });
});

test('the tarball holds the built node, credentials, codex and icons, and no sources or tests', () => {
	const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
	const files: string[] = pack.files.map((file: { path: string }) => file.path);
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
	expect(files).toEqual(
		expect.arrayContaining([
			'dist/nodes/ConversationMessages/SendConversationMessage.node.json',
			'dist/nodes/ConversationMessages/ConversationActions.node.json',
			'dist/nodes/ConversationMessages/sendConversationMessage.svg',
			'dist/nodes/ConversationMessages/sendConversationMessage.dark.svg',
			// the helper every credential file imports
			'dist/credentials/authentication.js',
			'package.json',
			'README.md',
			'LICENSE',
		]),
	);
	const stray = files.filter(
		(file) => !/^dist\/.+\.(js|json|svg)$/.test(file) && !['package.json', 'README.md', 'LICENSE', 'index.js'].includes(file),
	);
	expect(stray).toEqual([]);
	expect(files.some((file) => file.includes('test') || file.endsWith('.ts'))).toBe(false);
});

test('the built credentials are the six public type names, each with its icon', () => {
	const names = manifest.n8n.credentials.map((file: string) => {
		const exports = require(join(root, file));
		const type = new (Object.values(exports)[0] as new () => ICredentialType)();
		const { light, dark } = type.icon as { light: string; dark: string };
		for (const icon of [light, dark]) expect(existsSync(join(root, dirname(file), icon.replace(/^file:/, '')))).toBe(true);
		return type.name;
	});
	expect(names.sort()).toEqual(['engageLabLiveDeskApi', 'intercomMessagingApi', 'ninetyNineDigitalApi', 'reamazeApi', 'userEngageApi', 'zendeskSupportApi']);
});

test('the built node: name, credentials per platform, themed icons, codex', () => {
	const file = join(root, manifest.n8n.nodes[0]);
	const { SendConversationMessage } = require(file);
	const { description } = new SendConversationMessage() as INodeType;
	expect(description.name).toBe('sendConversationMessage');
	expect(description.usableAsTool).toBe(true);
	expect(description.credentials?.map((credential) => [credential.name, credential.displayOptions?.show?.['/platform']])).toEqual([
		['userEngageApi', ['userEngage']],
		['engageLabLiveDeskApi', ['engageLab']],
		['ninetyNineDigitalApi', ['ninetyNineDigital']],
		['intercomMessagingApi', ['intercom']],
		['reamazeApi', ['reamaze']],
		['zendeskSupportApi', ['zendesk']],
	]);
	const icon = description.icon as { light: string; dark: string };
	expect(icon.light).not.toBe(icon.dark);
	for (const path of [icon.light, icon.dark]) expect(existsSync(join(dirname(file), path.replace(/^file:/, '')))).toBe(true);
	const codex = JSON.parse(readFileSync(file.replace(/\.js$/, '.json'), 'utf8'));
	expect(codex.categories).toEqual(['Communication']);
	expect(codex.alias).toEqual(expect.arrayContaining(['Chatwoot', 'Intercom', 'Re:amaze', 'User.com', 'UserEngage', 'EngageLab', '99digital', 'Zendesk', 'live chat', 'support']));
});

test('the built triggers: public names, the same Platform values and credentials, webhooks or polling', () => {
	const load = (index: number, exported: string) => {
		const file = join(root, manifest.n8n.nodes[index]);
		const codex = JSON.parse(readFileSync(file.replace(/\.js$/, '.json'), 'utf8'));
		return { description: (new (require(file)[exported])() as INodeType).description, codex };
	};
	const webhook = load(1, 'ConversationMessageTrigger');
	expect(webhook.description.name).toBe('conversationMessageTrigger');
	expect(webhook.codex.node).toBe('n8n-nodes-conversation-messages.conversationMessageTrigger');
	expect(webhook.description.webhooks?.map((hook) => [hook.name, hook.httpMethod, hook.path])).toEqual([
		['default', 'POST', 'webhook'],
		['setup', 'HEAD', 'webhook'],
	]);
	expect(webhook.description.credentials?.map((credential) => [credential.name, credential.displayOptions?.show?.['/platform']])).toEqual([
		['engageLabLiveDeskApi', ['engageLab']],
		['ninetyNineDigitalApi', ['ninetyNineDigital']],
		['intercomMessagingApi', ['intercom']],
		['zendeskSupportApi', ['zendesk']],
	]);
	const polling = load(2, 'ConversationMessagePollingTrigger');
	expect(polling.description.name).toBe('conversationMessagePollingTrigger');
	expect(polling.description.polling).toBe(true);
	expect(polling.description.credentials?.map((credential) => [credential.name, credential.displayOptions?.show?.['/platform']])).toEqual([
		['userEngageApi', ['userEngage']],
		['reamazeApi', ['reamaze']],
	]);
	for (const { description } of [webhook, polling]) {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.properties[0]).toMatchObject({ name: 'platform', type: 'options' });
	}
});

test('the built Conversation Actions node: public name, the send node\'s Platform and credentials, Resource → Operation, a tool', () => {
	const file = join(root, manifest.n8n.nodes[3]);
	const { description } = new (require(file).ConversationActions)() as INodeType;
	const send = (new (require(join(root, manifest.n8n.nodes[0])).SendConversationMessage)() as INodeType).description;
	expect(description.name).toBe('conversationActions');
	expect(description.version).toBe(1);
	expect(description.usableAsTool).toBe(true);
	expect(description.credentials).toEqual(send.credentials);
	expect(description.properties[0]).toEqual(send.properties[0]);
	expect(description.inputs).toEqual(['main']);
	const shown = (platform: string) => description.properties.filter((property) => property.displayOptions?.show?.platform?.includes(platform));
	expect(shown('ninetyNineDigital').find((property) => property.name === 'resource')).toMatchObject({ type: 'options', noDataExpression: true });
	const operations = shown('ninetyNineDigital').filter((property) => property.name === 'operation');
	expect(operations.length).toBeGreaterThan(0);
	for (const operation of operations) expect(operation.displayOptions?.show?.resource).toHaveLength(1);
	const icon = description.icon as { light: string; dark: string };
	for (const path of [icon.light, icon.dark]) expect(existsSync(join(dirname(file), path.replace(/^file:/, '')))).toBe(true);
	const codex = JSON.parse(readFileSync(file.replace(/\.js$/, '.json'), 'utf8'));
	expect(codex.node).toBe('n8n-nodes-conversation-messages.conversationActions');
	expect(codex.categories).toEqual(['Communication']);
});
