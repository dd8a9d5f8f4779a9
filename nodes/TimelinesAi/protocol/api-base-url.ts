/** Kept apart from the zod schemas so the credential loads without zod. */
export const DEFAULT_API_BASE_URL = 'https://app.timelines.ai/integrations/api';
