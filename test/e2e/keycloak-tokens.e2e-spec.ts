import request from 'supertest';
import { API, lowPriorityChange } from '../support/change-request-fixtures';
import { useTestApi } from '../support/test-api';
import {
  clientCredentialsGrant,
  passwordGrant,
  realm,
  type RealmUser,
  realmVerifier,
  useTestKeycloak,
} from '../support/test-keycloak';

/**
 * The API takes the access tokens a real Keycloak issues (issue 28): issuer, audience and
 * signature (its JWKS) checked, the realm's groups mapped to the seed policy's roles by
 * LEDGER_OIDC_ROLE_MAP, and a pipeline's client-credentials token read as a service.
 */
describe('API with tokens from Keycloak', () => {
  const keycloak = useTestKeycloak();
  const api = useTestApi(async () => ({
    jwt: await realmVerifier(keycloak.current().issuer),
  }));
  const http = () => request(api.app.getHttpServer());
  const tokenOf = async (who: RealmUser) =>
    (await passwordGrant(keycloak.current(), who)).access_token;
  const me = async (token: string) =>
    (await http().get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200)).body;

  it("names each person by their Keycloak username, with the policy's roles their groups map to", async () => {
    expect(await me(await tokenOf('approver'))).toEqual({
      principal: 'alice',
      kind: 'user',
      roles: ['change-manager', 'engineering-manager'],
      authenticated_by: 'oidc-jwt',
      read_only: false,
    });
    expect(await me(await tokenOf('auditor'))).toMatchObject({
      principal: 'audrey',
      roles: ['auditor'],
      read_only: true,
    });
    // A Keycloak group named like a policy role gives nothing the map does not say.
    expect(await me(await tokenOf('groupNamedLikeARole'))).toMatchObject({
      principal: 'gus',
      roles: [],
      read_only: true,
    });
  });

  it("reads a pipeline's client-credentials token as a service, never a person", async () => {
    expect(await me(await clientCredentialsGrant(keycloak.current()))).toMatchObject({
      principal: 'service-account-change-ledger-ci',
      kind: 'service',
    });
  });

  it('lets the approver approve a change the requester filed, and not the auditor', async () => {
    const created = await http()
      .post(`${API}/change-requests`)
      .set('Authorization', `Bearer ${await tokenOf('requester')}`)
      .send(lowPriorityChange)
      .expect(201);
    const id: string = created.body.change_request_id;
    const refused = await http()
      .post(`${API}/change-requests/${id}/approve`)
      .set('Authorization', `Bearer ${await tokenOf('auditor')}`)
      .send({ approved: true })
      .expect(403);
    expect(refused.body.code).toMatch(/^AUTH\./);
    await http()
      .post(`${API}/change-requests/${id}/approve`)
      .set('Authorization', `Bearer ${await tokenOf('approver')}`)
      .send({ approved: true })
      .expect(200);
    const history = await http()
      .get(`${API}/change-requests/${id}/history`)
      .set('Authorization', `Bearer ${await tokenOf('auditor')}`)
      .expect(200);
    expect(history.body.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: 'reese', roles: ['engineer'] }),
        expect.objectContaining({ user: 'alice', authenticated_by: 'oidc-jwt' }),
      ]),
    );
  });

  it('refuses a changed token, and an ID token (its audience is the client, not the API)', async () => {
    const { access_token } = await passwordGrant(keycloak.current(), 'approver');
    const [header, payload, signature] = access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(
      JSON.stringify({
        ...claims,
        groups: ['ledger-approvers', 'ledger-auditors'],
        preferred_username: 'mallory',
      }),
    ).toString('base64url');
    const refused = await http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${header}.${forged}.${signature}`)
      .expect(401);
    expect(refused.body.detail).toMatch(/invalid JWT/);
    // An ID token names the client, not the API, as its audience.
    const idToken = await fetch(`${keycloak.current().issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: realm.clients.testDriver,
        username: realm.users.approver.username,
        password: realm.users.approver.password,
        scope: 'openid',
      }),
    }).then(async (response) => ((await response.json()) as { id_token: string }).id_token);
    const notForUs = await http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${idToken}`)
      .expect(401);
    expect(notForUs.body.detail).toMatch(/aud/);
  });
});
