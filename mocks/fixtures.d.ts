/** Types for mocks/fixtures.js (see that file's header for what each constant holds). */
export const CREDENTIALS: {
  readonly userEngage: { readonly apiKey: string };
  readonly engageLab: { readonly apiKey: string; readonly apiSecret: string };
  readonly ninetyNineDigital: { readonly accessToken: string; readonly botAccessToken: string; readonly agentAccessToken: string; readonly accountId: number };
  readonly intercom: { readonly accessToken: string; readonly clientSecret: string };
  readonly reamaze: { readonly brand: string; readonly email: string; readonly apiToken: string };
  readonly zendesk: {
    readonly subdomain: string;
    readonly email: string;
    readonly apiToken: string;
    readonly accessToken: string;
    readonly endUserEmail: string;
    readonly endUserApiToken: string;
    readonly adminEmail: string;
    readonly adminApiToken: string;
  };
};
export const WRONG_SECRET: string;
export const ALL_SECRETS: readonly string[];
export const CONVERSATION_ID_MIN: number;
export const CONVERSATION_ID_MAX: number;
export function isSeededConversationId(id: string | number): boolean;

export const USERENGAGE: {
  readonly agents: ReadonlyArray<{ id: number; name: string; email: string }>;
  readonly users: ReadonlyArray<{ id: number; key: string; name: string; email: string }>;
};
export const ENGAGELAB: {
  readonly accountId: number;
  readonly inboxId: number;
  readonly sender: Readonly<Record<string, string | number>>;
  readonly contacts: ReadonlyArray<{ id: number; name: string; email: string; phone_number: string | null; identifier: string | null }>;
};
export const NINETY_NINE_DIGITAL: {
  readonly accountId: number;
  readonly accountName: string;
  readonly inboxId: number;
  readonly user: Readonly<{ id: number; name: string; available_name: string; display_name: string; email: string; role: string; uid: string }>;
  readonly bot: Readonly<{ id: number; name: string }>;
  readonly agents: ReadonlyArray<{ id: number; name: string; email: string; role: string }>;
  readonly teams: ReadonlyArray<{ id: number; name: string; description: string; allow_auto_assign: boolean; memberIds: readonly number[] }>;
  readonly labels: ReadonlyArray<{ id: number; title: string; description: string; color: string; show_on_sidebar: boolean }>;
};
export const INTERCOM: {
  readonly app: Readonly<Record<string, string | number | boolean>>;
  readonly meAdminId: string;
  readonly admins: ReadonlyArray<{ id: string; name: string; email: string; job_title: string }>;
  readonly teams: ReadonlyArray<{ id: string; name: string; admin_ids: readonly number[] }>;
  readonly tags: ReadonlyArray<{ id: string; name: string }>;
  readonly sharedEmail: string;
  readonly contacts: ReadonlyArray<{ id: string; role: 'user' | 'lead'; email: string | null; external_id: string | null; name: string }>;
  readonly firstCreatedConversationId: number;
  readonly acceptedVersions: readonly string[];
  readonly legacyVersions: readonly string[];
};
export const REAMAZE: {
  readonly brand: string;
  readonly staff: Readonly<{ name: string; email: string }>;
  readonly otherStaff: ReadonlyArray<{ name: string; email: string; role: string }>;
  readonly category: Readonly<{ name: string; slug: string; email: string; channel: number }>;
  readonly conversations: ReadonlyArray<{ slug: string; subject: string; author: { name: string; email: string }; created_at: string }>;
};
export const ZENDESK: {
  readonly subdomain: string;
  readonly agent: Readonly<{ id: number; name: string; email: string; role: string }>;
  readonly users: ReadonlyArray<Readonly<{ id: number; name: string; email: string; role: string }>>;
  readonly groups: ReadonlyArray<Readonly<{ id: number; name: string }>>;
  readonly tickets: ReadonlyArray<Readonly<{ id: number; subject: string; requester_id: number; created_at: string }>>;
};
