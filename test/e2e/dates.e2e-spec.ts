import request from 'supertest';
import { API, createChangeRequest } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

/**
 * Issue 28: dates are read the same way on every route. A period's bound is a date or an RFC 3339
 * instant; a `to` date includes its day; a period left out has a default the answer states.
 */
describe('dates on every route', () => {
  const api = useTestApi();
  const http = () => request(api.app.getHttpServer());
  const today = () => new Date().toISOString().slice(0, 10);
  let id: string;
  let position: string;

  beforeAll(async () => {
    ({ id, position } = await createChangeRequest(api.app));
  });

  it('a to date includes its day: from=today&to=today lists what was created today', async () => {
    const listed = await http()
      .get(`${API}/change-requests`)
      .query({ from: today(), to: today(), min_position: position })
      .set(bearer('auditor'))
      .expect(200);
    expect(
      listed.body.items.map((item: { change_request_id: string }) => item.change_request_id),
    ).toContain(id);
    const deployments = await http()
      .get(`${API}/deployments`)
      .query({ from: today(), to: today() })
      .set(bearer('auditor'))
      .expect(200);
    const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString();
    expect(deployments.body.period).toEqual({ from: `${today()}T00:00:00.000Z`, to: tomorrow });
  });

  it('the calendar and the monthly report default to a stated period', async () => {
    const calendar = await http().get(`${API}/calendar`).set(bearer('auditor')).expect(200);
    expect(calendar.body.period).toMatchObject({ default: expect.stringMatching(/today/) });
    const monthly = await http().get(`${API}/reports/monthly`).set(bearer('auditor')).expect(200);
    expect(monthly.body).toMatchObject({
      report_period: today().slice(0, 7),
      default: expect.stringMatching(/current month/),
    });
  });

  it('the audit population and a legal hold by time range take dates as the other filters do', async () => {
    const population = await http()
      .get('/api/v1/audit/population')
      .query({ from: today(), to: today() })
      .set(bearer('auditor'))
      .expect(200);
    expect(population.body).toMatchObject({
      from: `${today()}T00:00:00.000Z`,
      to: new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString(),
    });
    const hold = await http()
      .post('/api/v1/legal-holds')
      .set(bearer('auditor'))
      .send({ from: '2026-01-01', to: '2026-01-31', reason: 'January, whole' })
      .expect(201);
    expect(hold.body.scope).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
  });

  it('gates default to production', async () => {
    const gates = await http()
      .get(`${API}/change-requests/${id}/gates`)
      .set(bearer('auditor'))
      .expect(200);
    expect(gates.body.environment).toBe('production');
  });
});
