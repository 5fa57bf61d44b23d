import { exportSPKI, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import { JwtVerifier } from './jwt-verifier';
import { parseRoleMap } from './role-map';

/**
 * Tokens as identity providers issue them (issue 28): who is a service, and which of the policy's
 * roles an IdP's groups give. The claims below are those of real tokens (Keycloak 26's were read
 * from the test realm, test/keycloak; Okta's and Entra ID's from their documentation).
 */
describe('tokens from identity providers', () => {
  let privateKey: KeyLike;
  let publicKeyPem: string;
  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    publicKeyPem = await exportSPKI(keys.publicKey);
  });
  const verifierWith = (options: { rolesClaim?: string; roleMap?: string } = {}) =>
    JwtVerifier.create({
      issuer: 'https://idp.example.com/',
      audience: 'change-ledger',
      publicKeyPem,
      rolesClaim: options.rolesClaim ?? 'groups',
      principalClaim: 'preferred_username',
      ...(options.roleMap ? { roleMap: parseRoleMap(options.roleMap) } : {}),
    });
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://idp.example.com/')
      .setAudience('change-ledger')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  describe('a client-credentials token is a service, never a person', () => {
    it.each([
      [
        // Keycloak: the subject is the service-account user's id, not the client's.
        'Keycloak (service account)',
        {
          sub: '363c2d54-65f7-4364-b697-dc74430ceddc',
          azp: 'change-ledger-ci',
          client_id: 'change-ledger-ci',
          preferred_username: 'service-account-change-ledger-ci',
        },
      ],
      ['RFC 9068 (the client is the subject)', { sub: 'ci', azp: 'ci', preferred_username: 'ci' }],
      [
        // Okta names the client `cid`, and no `azp`; people's tokens carry `uid`.
        'Okta (cid is the subject)',
        { sub: '0oa1ci', cid: '0oa1ci', scp: ['ledger'], preferred_username: 'ci' },
      ],
      [
        // Entra ID marks app-only tokens with idtyp only where the optional claim is added;
        // their subject is always the service principal's object id (a person's is pairwise).
        'Entra ID without idtyp (sub = oid)',
        { sub: 'sp-oid', oid: 'sp-oid', azp: 'c3d4', roles: [], preferred_username: 'ci' },
      ],
      [
        'Entra ID v1 (appid is the subject)',
        { sub: 'c3d4', appid: 'c3d4', preferred_username: 'ci' },
      ],
      [
        'Entra ID (idtyp app)',
        { sub: 'a1b2', azp: 'c3d4', idtyp: 'app', preferred_username: 'ci' },
      ],
      [
        'Auth0 (client-credentials grant)',
        { sub: 'c3d4@clients', azp: 'c3d4', gty: 'client-credentials', preferred_username: 'ci' },
      ],
    ])('%s', async (_, claims) => {
      const verifier = await verifierWith();
      await expect(verifier.authenticate(await sign(claims))).resolves.toMatchObject({
        kind: 'service',
      });
    });

    it.each([
      [
        'Okta',
        { sub: 'dana@example.com', cid: '0oa1web', uid: '00u1', preferred_username: 'dana' },
      ],
      ['Entra ID', { sub: 'pairwise-1', oid: 'user-oid', azp: 'c3d4', preferred_username: 'dana' }],
    ])("reads a person's %s token as a person", async (_, claims) => {
      const verifier = await verifierWith();
      await expect(verifier.authenticate(await sign(claims))).resolves.toMatchObject({
        kind: 'user',
      });
    });

    it('reads a Keycloak person as a person', async () => {
      const verifier = await verifierWith();
      const token = await sign({
        sub: '1240771c-b0b1-421d-a94d-6dc01b3f0e40',
        azp: 'change-ledger-web',
        sid: '87f9151d',
        preferred_username: 'alice',
        groups: ['change-manager'],
      });
      await expect(verifier.authenticate(token)).resolves.toEqual({
        id: 'alice',
        kind: 'user',
        roles: ['change-manager'],
        authenticatedBy: 'oidc-jwt',
      });
    });
  });

  describe('with a role map', () => {
    const roleMap = JSON.stringify({
      'ledger-approvers': ['change-manager', 'engineering-manager'],
      'ledger-auditors': 'auditor',
      '0b9c3f1e-entra-group-id': 'change-manager',
    });

    it("gives the policy's roles the IdP's groups map to, each once", async () => {
      const verifier = await verifierWith({ roleMap });
      const token = await sign({
        sub: 'u1',
        preferred_username: 'alice',
        groups: ['ledger-approvers', '0b9c3f1e-entra-group-id'],
      });
      await expect(verifier.authenticate(token)).resolves.toMatchObject({
        id: 'alice',
        roles: ['change-manager', 'engineering-manager'],
      });
    });

    it('gives nothing for a group the map does not name, even one named like a policy role', async () => {
      // Whoever may create groups in the IdP could otherwise make themselves a change manager.
      const verifier = await verifierWith({ roleMap });
      const token = await sign({
        sub: 'u2',
        preferred_username: 'gus',
        groups: ['change-manager', 'offline_access'],
      });
      await expect(verifier.authenticate(token)).resolves.toMatchObject({ roles: [] });
    });

    it('still refuses a claim of another shape, naming it', async () => {
      const verifier = await verifierWith({ roleMap });
      const token = await sign({ sub: 'u3', preferred_username: 'x', groups: 'ledger-approvers' });
      await expect(verifier.authenticate(token)).rejects.toThrow(/the JWT's groups claim/);
    });
  });

  describe('a role map of another shape is refused whole, naming what is wrong', () => {
    it.each([
      ['not JSON', '{ledger-approvers: change-manager}', /not JSON/],
      ['a list', '["change-manager"]', /it is a list/],
      ['empty', '{}', /maps nothing/],
      ['a number as a role', '{"g": 7}', /maps "g" to a number/],
      ['an empty list', '{"g": []}', /maps "g" to an empty list/],
      ['a list holding an empty name', '{"g": ["qa", " "]}', /maps "g" to a list holding/],
      ['null', '{"g": null}', /maps "g" to null/],
      ['an empty IdP name', '{"": "qa"}', /empty IdP name/],
    ])('%s', (_, text, reason) => {
      expect(() => parseRoleMap(text)).toThrow(reason);
    });
  });
});
