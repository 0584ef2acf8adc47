// A real OpenID provider for the single sign-on tests: the npm package oidc-provider, with
// its development sign-in form (any login, any password), on 127.0.0.1 over http.
//
//   node tests/sso/provider.mjs config.json
//
// config.json: {"issuer": "http://127.0.0.1:PORT", "port": PORT,
//   "clients": [{"client_id", "client_secret", "redirect_uris": [...]}],
//   "accounts": {"<login>": {"email", "given_name", "family_name", "roles": [...]}}}
// A login not in "accounts" is a person with that e-mail address and no roles.
// Prints "ready" once it listens.
//
// To test how the app treats a provider that misbehaves, POST /test/next-id-token with
// {"tamper": "audience" | "issuer" | "expired" | "unsigned" | "nonce"}: the ID token of the
// next token response is rewritten that way (signed again with the provider's own key,
// except "unsigned", which has alg "none").
import crypto from 'node:crypto';
import fs from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

function claimsOf(login) {
  const known = config.accounts[login] || {};
  return {
    sub: crypto.createHash('sha256').update(login).digest('hex').slice(0, 24),
    email: known.email || login,
    email_verified: known.email_verified ?? true,
    given_name: known.given_name || 'Sam',
    family_name: known.family_name || 'Example',
    roles: known.roles || [],
  };
}

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  jwks: { keys: [jwk] },
  // As Microsoft Entra ID does: the claims (roles too) in the ID token itself.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub', 'roles'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name'],
  },
  findAccount: async (_ctx, login) => ({
    accountId: login,
    claims: async () => claimsOf(login),
  }),
  // No consent screen: an organisation's provider has its admin consent for the app.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
});

let tamper = null;

function b64(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function rewrite(idToken, how) {
  const [, body] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  if (how === 'audience') claims.aud = 'another-client';
  if (how === 'issuer') claims.iss = 'http://127.0.0.1:1/not-the-issuer';
  if (how === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
  if (how === 'nonce') claims.nonce = 'not-the-nonce-we-sent';
  if (how === 'unsigned') return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  const signingInput = `${b64({ alg: 'RS256', typ: 'JWT', kid: jwk.kid })}.${b64(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/test/next-id-token') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    tamper = JSON.parse(Buffer.concat(chunks).toString()).tamper;
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: rewrite(ctx.body.id_token, tamper) };
    tamper = null;
  }
});

provider.listen(config.port, '127.0.0.1', () => {
  console.log('ready');
});
