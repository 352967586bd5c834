// A real OpenID Provider for the console's sign-in journey: panva's oidc-provider (OpenID-certified), on 127.0.0.1.
// Usage: node provider.mjs PORT REDIRECT_URI CLIENT_SECRET
// People sign in on its development login form with any password; their roles come from ROLES below, as a
// "roles" claim of a JWT access token for the ModelLedger API (audience urn:modelledger:api). PKCE is required.
import Provider from 'oidc-provider';
import { generateKeyPair, exportJWK } from 'jose';

const [port, redirectUri, clientSecret] = process.argv.slice(2);
if (!port || !redirectUri || !clientSecret) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI CLIENT_SECRET');
  process.exit(2);
}
const API = 'urn:modelledger:api';
const ROLES = { erin: ['approver'], frank: ['auditor'], grace: ['contributor'] };

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'modelledger-console',
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [clientSecret] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name'] },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id, name: id }; } };
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => API,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'openid profile', audience: API, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  async extraTokenClaims(ctx, token) {
    return token.kind === 'AccessToken' ? { roles: ROLES[token.accountId] ?? [] } : undefined;
  },
  // a first-party client: no consent screen (the grant is made on the person's first sign-in)
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(API, 'openid profile');
    await grant.save();
    return grant;
  },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc-provider ready on http://127.0.0.1:${port}`));
