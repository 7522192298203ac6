// n8n's community-node rules on what ships (nodes/, credentials/, package.json). Tests, mocks,
// scripts and benchmarks run on developer machines and CI only, so n8n Cloud's rules (no fs, no
// process…) do not apply to them. Every rule switched off here is listed, with its reason, in the README.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';

const { recommended } = communityNodes.configs;

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test/**', 'mocks/**', 'scripts/**', 'bench/**', 'examples/**', 'docs/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json' } },
		plugins: recommended.plugins,
		rules: recommended.rules,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { ...recommended.plugins, 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...recommended.rules,
			...n8nNodesBase.configs.community.rules,
			// form-data streams attachments from n8n's binary store; see docs/development.md, "Lint".
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Wants a docs slug; community credentials link a full URL (required by
			// @n8n/community-nodes/credential-documentation-url).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// "Re:amaze" is the vendor's own spelling.
			'n8n-nodes-base/cred-class-field-display-name-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Want the literal 'main', which @n8n/community-nodes/node-connection-type-literal forbids.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Wants a folder per node named after it; the package keeps its three nodes in one
			// folder, as n8n keeps Github.node.ts and GithubTrigger.node.ts in nodes/Github/.
			'n8n-nodes-base/node-dirname-against-convention': 'off',
		},
	},
	{
		// The one runtime dependency (see docs/development.md, "Lint"), and Node's own stream module, which
		// limits the size of a downloaded attachment as it streams.
		files: [
			'nodes/ConversationMessages/transport/multipart.ts',
			'nodes/ConversationMessages/conversation/files.ts',
			'nodes/ConversationMessages/transport/client.ts',
		],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
];
