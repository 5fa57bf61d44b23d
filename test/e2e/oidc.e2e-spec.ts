import { JwtVerifier } from '@change-ledger/auth';
import { exportSPKI, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import request from 'supertest';
import { useTestApi } from '../support/test-api';

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

  it('answers 401 to an expired JWT', async () => {
    const expired = await token({ preferred_username: 'dana', roles: ['engineer'] }, '-5m');
    const response = await request(api.app.getHttpServer())
      .get(`${BASE}/CHG-2026-001`)
      .set('Authorization', `Bearer ${expired}`)
      .expect(401);
    expect(response.body.detail).toMatch(/invalid JWT/);
  });
});
