/** The claims our tokens carry (Cognito custom attributes; the local issuer signs the same). */
export const CLAIMS = { tenantId: 'custom:tenantId', userId: 'custom:userId' } as const;
