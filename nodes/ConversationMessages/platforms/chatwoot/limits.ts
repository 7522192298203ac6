/** Chatwoot's NUMBER_OF_PERMITTED_ATTACHMENTS; LiveDesk (built on Chatwoot) documents none of its own. */
export const MAX_FILES = 15;

/** Chatwoot's Message content length validation, in characters (Ruby counts an emoji as one). */
export const MAX_CONTENT_CHARACTERS = 150_000;
