import type { IAuthenticate, ICredentialDataDecryptedObject } from 'n8n-workflow';

// Shared by the five credential files. n8n loads each credential file on its own from
// dist/credentials/; this module is compiled beside them and reached by a relative import.

/**
 * `authenticate` for a credential that signs every request with one header. A function, not a
 * declarative (`generic`) block: n8n evaluates a generic block's expressions for every request
 * (about a third of this node's CPU per message), and n8n 2.41 cannot resolve them at all in a
 * workflow with binary mode "combined".
 */
export function authenticateWithHeader(
	header: string,
	value: (credentials: ICredentialDataDecryptedObject) => string,
): IAuthenticate {
	return async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, [header]: value(credentials) },
	});
}

/** The value of an HTTP Basic `Authorization` header. */
export function basicAuthorization(user: unknown, password: unknown): string {
	return `Basic ${Buffer.from(`${String(user)}:${String(password)}`).toString('base64')}`;
}
