/**
 * Runs a credential type's `test` request the way n8n's editor does ("Test" in the credential
 * dialog): its fields resolved with `$credentials` by n8n's expression engine, the type's
 * `authenticate` block applied, then sent. Real n8n does the same through its REST endpoint in
 * the end-to-end suite.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { CREDENTIAL_TYPES, TestCredentialsHelper, resolveWithCredentials } from './engine';

export interface CredentialTestResult {
	url: string;
	status: number;
	headers: Record<string, string>;
}

export interface ResolvedRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
}

export async function resolveCredentialTest(
	typeName: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<ResolvedRequest> {
	const { request } = CREDENTIAL_TYPES[typeName].test!;
	const node: INode = { id: 'n', name: 'Credential test', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as unknown as INodeTypes });
	const resolve = (value: unknown) => resolveWithCredentials(workflow, node, value, credentials);

	const base = String(resolve(request.baseURL ?? '')).replace(/\/+$/, '');
	const url = new URL(`${base}/${String(resolve(request.url ?? '')).replace(/^\/+/, '')}`);
	for (const [key, value] of Object.entries((request.qs ?? {}) as IDataObject)) url.searchParams.set(key, String(resolve(value)));
	const authenticated = await new TestCredentialsHelper({}).authenticate(
		credentials,
		typeName,
		{ url: url.toString(), method: request.method ?? 'GET', headers: { ...(request.headers as IDataObject) } },
		workflow,
		node,
	);
	const headers = Object.fromEntries(
		Object.entries((authenticated.headers ?? {}) as IDataObject).map(([key, value]) => [key, String(value)]),
	);
	if (authenticated.auth) {
		const { username, password } = authenticated.auth;
		headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
	}
	return { url: url.toString(), method: authenticated.method ?? 'GET', headers };
}

export async function runCredentialTest(
	typeName: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const { url, method, headers } = await resolveCredentialTest(typeName, credentials);
	const response = await fetch(url, { method, headers, redirect: 'manual' });
	await response.arrayBuffer();
	return { url, status: response.status, headers };
}
