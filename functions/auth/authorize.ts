import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { config } from '#lib/config.ts';
import { type AuthorizerClaims, poolVerifier } from '#lib/http/authorizer.ts';

let verify: ((authorization: string | undefined) => Promise<AuthorizerClaims | undefined>) | undefined;

/** The HTTP API's Lambda authorizer (simple responses; API Gateway caches each answer per token). */
export const handler = async (event: APIGatewayRequestAuthorizerEventV2) => {
  if (!verify) {
    const { USER_POOL_ISSUER, USER_POOL_CLIENT_ID } = config();
    if (!USER_POOL_ISSUER || !USER_POOL_CLIENT_ID)
      throw new Error('USER_POOL_ISSUER and USER_POOL_CLIENT_ID are required by the authorizer');
    verify = poolVerifier({ issuer: USER_POOL_ISSUER, webClientId: USER_POOL_CLIENT_ID });
  }
  const claims = await verify(event.headers?.authorization);
  return claims ? { isAuthorized: true, context: claims } : { isAuthorized: false };
};
