import { JwtVerifier } from '@change-ledger/auth';
import { exportSPKI, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import request from 'supertest';
import { API } from '../support/change-request-fixtures';
import { useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

const BASE = '/api/v1/change-management/change-requests';

describe('API with OIDC JWTs', () => {
  let privateKey: KeyLike;
  const api = useTestApi(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    const jwt = await JwtVerifier.create({
      issuer: 'https://idp.example.com/',
      audience: 'change-ledger',
      publicKeyPem: await exportSPKI(keys.publicKey),
      rolesClaim: 'roles',
      principalClaim: 'preferred_username',
      ciSourcesClaim: 'ci_sources',
    });
    return { jwt };
  });

  const token = (claims: Record<string, unknown>, expiresIn = '5m') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://idp.example.com/')
      .setAudience('change-ledger')
      .setSubject('idp-1')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);

  it('records the person the JWT names, with the roles it carries, as the actor', async () => {
    const requester = await token({ preferred_username: 'dana', roles: ['engineer'] });
    const created = await request(api.app.getHttpServer())
      .post(BASE)
      .set('Authorization', `Bearer ${requester}`)
      .send({
        title: 'Rotate DB password',
        description: 'Quarterly rotation',
        change_type: 'configuration',
        priority: 'low',
        affected_systems: ['db'],
      })
      .expect(201);
    const history = await request(api.app.getHttpServer())
      .get(`${BASE}/${created.body.change_request_id}/history`)
      .set('Authorization', `Bearer ${requester}`)
      .expect(200);
    expect(history.body.history[0]).toMatchObject({
      user: 'dana',
      roles: ['engineer'],
      authenticated_by: 'oidc-jwt',
    });
  });

  describe('claims fail closed', () => {
    const change = {
      title: 'Rotate DB password',
      description: 'Quarterly rotation',
      change_type: 'configuration',
      priority: 'low',
      affected_systems: ['db'],
    };
    const streams = () =>
      withClient(api.database.url, async (client) =>
        Number(
          (
            await client.query<{ n: string }>(
              `SELECT count(*) AS n FROM ledger.events WHERE type = 'ChangeRequestCreated'`,
            )
          ).rows[0]!.n,
        ),
      );

    it.each([
      ['a string', { roles: 'auditor' }, 'roles'],
      ['a list holding a number', { roles: ['engineer', 7] }, 'roles'],
      ['a list holding an empty name', { roles: ['engineer', ''] }, 'roles'],
      ['an object', { roles: { engineer: true } }, 'roles'],
      ['a sources string on a service', { azp: 'idp-1', roles: [], ci_sources: '*' }, 'ci_sources'],
      [
        'sources that are no sources',
        { azp: 'idp-1', ci_sources: ['github.com/acme/../*'] },
        'ci_sources',
      ],
    ])(
      'refuses a token whose claim is %s with 401 naming it, and records nothing',
      async (_, claims, claim) => {
        const before = await streams();
        const jwt = await token({ preferred_username: 'mallory', ...claims });
        const refused = await request(api.app.getHttpServer())
          .post(BASE)
          .set('Authorization', `Bearer ${jwt}`)
          .send(change)
          .expect(401);
        expect(refused.body.code).toBe('AUTH.UNAUTHENTICATED');
        expect(refused.body.detail).toContain(claim);
        expect(await streams()).toBe(before);
      },
    );

    it('lets a person with no roles read what everyone reads, and nothing more', async () => {
      const jwt = await token({ preferred_username: 'nadia' });
      const me = await request(api.app.getHttpServer())
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${jwt}`)
        .expect(200);
      expect(me.body).toMatchObject({ principal: 'nadia', roles: [], read_only: true });
      const before = await streams();
      const refused = await request(api.app.getHttpServer())
        .post(BASE)
        .set('Authorization', `Bearer ${jwt}`)
        .send(change)
        .expect(403);
      expect(refused.body.code).toBe('AUTH.NO_ROLE');
      expect(await streams()).toBe(before);
      await request(api.app.getHttpServer())
        .get(`${API}/change-requests`)
        .set('Authorization', `Bearer ${jwt}`)
        .expect(200);
    });
  });

  it('answers 401 to an expired JWT', async () => {
    const expired = await token({ preferred_username: 'dana', roles: ['engineer'] }, '-5m');
    const response = await request(api.app.getHttpServer())
      .get(`${BASE}/CHG-2026-001`)
      .set('Authorization', `Bearer ${expired}`)
      .expect(401);
    expect(response.body.detail).toMatch(/invalid JWT/);
  });
});
