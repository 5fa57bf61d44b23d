import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { AuthenticationError } from './authenticated-actor';
import { Authenticator } from './authenticator';
import { JwtVerifier } from './jwt-verifier';
import { InvalidTokensFileError, sha256, StaticTokens } from './static-tokens';

const requesterToken = 'requester-token-0123456789';
const ciToken = 'ci-pipeline-token-0123456789';

describe('static API tokens', () => {
  const tokens = StaticTokens.fromEntries([
    { token: requesterToken, principal: 'user-123', roles: ['engineer'] },
    {
      token: `sha256:${sha256(ciToken)}`,
      principal: 'github-actions',
      roles: ['ci'],
      kind: 'service',
    },
  ]);

  it('authenticates a token written in the clear, or by its SHA-256', () => {
    expect(tokens.authenticate(requesterToken)).toEqual({
      id: 'user-123',
      kind: 'user',
      roles: ['engineer'],
      authenticatedBy: 'api-token',
    });
    expect(tokens.authenticate(ciToken)).toMatchObject({ id: 'github-actions', kind: 'service' });
  });

  it('refuses a token it does not know', () => {
    expect(() => tokens.authenticate('nope-nope-nope-nope')).toThrow(AuthenticationError);
  });

  it('names every bad entry of a tokens file', () => {
    try {
      StaticTokens.fromEntries([
        { token: 'short', principal: '', roles: 'admin' },
        { token: 'sha256:xyz', principal: 'a', roles: [] },
        {
          token: ciToken,
          principal: 'ci',
          roles: [''],
          kind: 'service',
          sources: ['github.com/acme/../*'],
        },
      ]);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTokensFileError);
      expect((error as InvalidTokensFileError).problems).toEqual([
        '[0].token: a token of at least 16 characters, or sha256:<64 hex>',
        '[0].principal: the name events will record',
        '[0].roles: a list of role names',
        '[1].token: sha256: is followed by 64 lower-case hex digits',
        '[2].roles: a list of role names',
        '[2].sources[0]: "github.com/acme/../*" is no CI source or prefix: it has a . or .. segment, which is never resolved',
      ]);
    }
  });
});

/** The token with its payload changed to make erin a CISO, its signature kept. */
function asCiso(token: string): string {
  const [header, , signature] = token.split('.');
  const forged = Buffer.from(
    JSON.stringify({ preferred_username: 'erin', realm_access: { roles: ['ciso'] } }),
  ).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

describe('OIDC JWTs', () => {
  let verifier: JwtVerifier;
  let sign: (
    claims: Record<string, unknown>,
    options?: { issuer?: string; audience?: string; expiresIn?: string },
  ) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    verifier = await JwtVerifier.create({
      issuer: 'https://idp.example.com/',
      audience: 'change-ledger',
      publicKeyPem: await exportSPKI(publicKey),
      rolesClaim: 'realm_access.roles',
      principalClaim: 'preferred_username',
    });
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(options.issuer ?? 'https://idp.example.com/')
        .setAudience(options.audience ?? 'change-ledger')
        .setSubject('f3c1')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(privateKey);
  });

  it('takes the principal and the roles from the configured claims', async () => {
    const token = await sign({
      preferred_username: 'erin',
      realm_access: { roles: ['engineering-manager'] },
    });
    await expect(verifier.authenticate(token)).resolves.toEqual({
      id: 'erin',
      kind: 'user',
      roles: ['engineering-manager'],
      authenticatedBy: 'oidc-jwt',
    });
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example.com/' }],
    ['another audience', { audience: 'other-app' }],
    ['an expired token', { expiresIn: '-2m' }],
  ])('refuses %s', async (_case, options) => {
    const token = await sign({ preferred_username: 'erin' }, options);
    await expect(verifier.authenticate(token)).rejects.toThrow(AuthenticationError);
  });

  describe('when a claim that lists names has another shape', () => {
    it.each([
      ['a string', { realm_access: { roles: 'auditor' } }, 'realm_access.roles'],
      ['a list with a number', { realm_access: { roles: ['qa', 1] } }, 'realm_access.roles'],
      ['null', { realm_access: { roles: null } }, 'realm_access.roles'],
      ['a string of sources', { ci_sources: 'github.com/acme/*' }, 'ci_sources'],
      ['a source with ..', { ci_sources: ['github.com/acme/../*'] }, 'ci_sources'],
    ])('refuses %s, naming the claim', async (_case, claims, claim) => {
      const token = await sign({ preferred_username: 'erin', ...claims });
      await expect(verifier.authenticate(token)).rejects.toThrow(
        new RegExp(`the JWT's ${claim.replace('.', '\\.')} claim`),
      );
    });

    it('reads a claim left out as no names: a person with no roles', async () => {
      const token = await sign({ preferred_username: 'erin' });
      await expect(verifier.authenticate(token)).resolves.toMatchObject({ roles: [] });
    });
  });

  it('refuses a token whose payload was changed', async () => {
    const token = await sign({ preferred_username: 'erin', realm_access: { roles: ['engineer'] } });
    await expect(verifier.authenticate(asCiso(token))).rejects.toThrow(AuthenticationError);
  });

  describe('when the same token comes again', () => {
    let clock: Date;
    let remembering: JwtVerifier;
    let signNow: (claims: Record<string, unknown>) => Promise<string>;
    beforeAll(async () => {
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      clock = new Date();
      remembering = await JwtVerifier.create({
        issuer: 'https://idp.example.com/',
        audience: 'change-ledger',
        publicKeyPem: await exportSPKI(publicKey),
        rolesClaim: 'realm_access.roles',
        principalClaim: 'preferred_username',
        now: () => clock,
      });
      signNow = (claims) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256' })
          .setIssuer('https://idp.example.com/')
          .setAudience('change-ledger')
          .setIssuedAt(Math.floor(clock.getTime() / 1000))
          .setExpirationTime(Math.floor(clock.getTime() / 1000) + 120)
          .sign(privateKey);
    });

    it('answers it again, and never past its expiry', async () => {
      const token = await signNow({ preferred_username: 'erin', realm_access: { roles: ['qa'] } });
      const first = await remembering.authenticate(token);
      first.roles.push('ciso');
      // What a caller did to its answer is not what the next request gets.
      await expect(remembering.authenticate(token)).resolves.toMatchObject({ roles: ['qa'] });
      clock = new Date(clock.getTime() + 60_000);
      await expect(remembering.authenticate(token)).resolves.toMatchObject({ id: 'erin' });
      // Two minutes of validity and 30 s of tolerance are over.
      clock = new Date(clock.getTime() + 91_000);
      await expect(remembering.authenticate(token)).rejects.toThrow(/invalid JWT/);
    });

    it('answers only the very same bytes: a changed token is verified, and refused', async () => {
      const token = await signNow({ preferred_username: 'erin', realm_access: { roles: ['qa'] } });
      await remembering.authenticate(token);
      await expect(remembering.authenticate(asCiso(token))).rejects.toThrow(AuthenticationError);
    });
  });

  it('is chosen by the authenticator for a JWT, the static tokens for anything else', async () => {
    const authenticator = new Authenticator({
      jwt: verifier,
      tokens: StaticTokens.fromEntries([
        { token: requesterToken, principal: 'user-123', roles: [] },
      ]),
    });
    const jwt = await sign({ preferred_username: 'erin' });
    await expect(authenticator.authenticate(`Bearer ${jwt}`)).resolves.toMatchObject({
      id: 'erin',
      authenticatedBy: 'oidc-jwt',
    });
    await expect(authenticator.authenticate(`Bearer ${requesterToken}`)).resolves.toMatchObject({
      id: 'user-123',
      authenticatedBy: 'api-token',
    });
    await expect(authenticator.authenticate(undefined)).rejects.toThrow(/no Authorization header/);
    await expect(authenticator.authenticate(`Basic ${requesterToken}`)).rejects.toThrow(
      /not "Bearer <token>"/,
    );
  });
});
