import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

const valid = {
  title: 'Rotate TLS certificates',
  description: 'Replace the certificates that expire next month',
  change_type: 'infrastructure',
  priority: 'low',
  affected_systems: ['edge-proxy'],
  test_plan: 'handshake checks',
  rollback_plan: completeRollbackPlan,
};

/** Malformed and hostile requests get a 4xx that names the problem, and nothing is recorded. */
describe('request validation', () => {
  const api = useTestApi();

  const http = () => request(api.app.getHttpServer());
  const create = () => http().post(`${API}/change-requests`).set(bearer('requester'));

  it('says a null is not allowed, once per field, naming what to send instead', async () => {
    const answer = await create()
      .send({ ...valid, title: null, affected_systems: null, priority: null })
      .expect(400);
    expect(answer.body.errors).toEqual([
      { field: 'title', reason: 'null is not allowed: send a string' },
      { field: 'priority', reason: expect.stringMatching(/^null is not allowed: send one of: /) },
      { field: 'affected_systems', reason: 'null is not allowed: send an array' },
    ]);
  });

  describe('when the body is not UTF-8 JSON', () => {
    it('answers 400 REQUEST.MALFORMED_JSON for broken JSON, without echoing it', async () => {
      const answer = await create()
        .set('content-type', 'application/json')
        .send('{"title": "secret-token-abc", ')
        .expect(400);
      expect(answer.body.code).toBe('REQUEST.MALFORMED_JSON');
      expect(JSON.stringify(answer.body)).not.toContain('secret-token-abc');
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'title=x'],
      ['application/json; charset=utf-16le', '{}'],
      ['application/json; charset=latin1', '{}'],
    ])('answers 415 for %s', async (contentType, body) => {
      const answer = await create().set('content-type', contentType).send(body).expect(415);
      expect(answer.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 415 for a Content-Encoding it does not know', async () => {
      const answer = await create()
        .set('content-type', 'application/json')
        .set('content-encoding', 'x-snappy')
        .send(JSON.stringify(valid))
        .expect(415);
      expect(answer.body.code).toBe('REQUEST.UNSUPPORTED_ENCODING');
    });
  });

  describe('when the JSON is hostile', () => {
    it('refuses a deeply nested body quickly, naming where', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const answer = await create()
        .set('content-type', 'application/json')
        .send(`{"title": ${deep}}`)
        .expect(400);
      expect(answer.body.errors[0]).toMatchObject({ reason: 'nests deeper than 32 levels' });
    });

    it.each([
      ['a lone surrogate', '{"title":"\\ud800"}', 'body.title'],
      ['a NUL character', '{"title":"a\\u0000b"}', 'body.title'],
      ['a __proto__ key', '{"__proto__":{"admin":true}}', 'body.__proto__'],
      ['a constructor key', '{"constructor":{"prototype":{}}}', 'body.constructor'],
    ])('refuses %s with 400 naming the field, and records nothing', async (_name, body, field) => {
      const answer = await create().set('content-type', 'application/json').send(body).expect(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });

    // (A lone surrogate cannot arrive in a URL: percent-decoding replaces invalid UTF-8.)
    it('refuses a NUL byte in a read filter or a cursor, and a cursor it did not hand out', async () => {
      for (const query of [
        { status: 'a\u0000b' },
        { cursor: '\u0000' },
        { cursor: 'not-a-cursor' },
      ]) {
        const answer = await http()
          .get(`${API}/change-requests`)
          .query(query)
          .set(bearer('auditor'));
        expect(answer.status).toBe(400);
      }
    });
  });

  describe('when a field holds null where a value is required', () => {
    it.each([
      ['rollback_plan', null],
      ['affected_systems', null],
      ['title', null],
      ['priority', null],
    ])('refuses %s: null with 400 naming it', async (field, value) => {
      const answer = await create()
        .send({ ...valid, [field]: value })
        .expect(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });
  });

  describe('when dates are ISO 8601 but not RFC 3339', () => {
    it.each(['2025-W01', '2025-123', '2026-11-20T10:00:00,5Z', '2026-02-30T00:00:00Z'])(
      'refuses %s in a read filter and in a body',
      async (date) => {
        await http()
          .get(`${API}/change-requests`)
          .query({ from: date })
          .set(bearer('auditor'))
          .expect(400);
        const answer = await create()
          .send({ ...valid, scheduled_for: date })
          .expect(400);
        expect(answer.body.errors[0].field).toBe('scheduled_for');
      },
    );
  });

  describe('when numbers and arrays are out of range', () => {
    it('refuses them before anything is recorded', async () => {
      const huge = await create()
        .send({ ...valid, rollback_plan: { ...completeRollbackPlan, time_estimate_minutes: 1e12 } })
        .expect(400);
      expect(huge.body.errors[0].field).toBe('rollback_plan');
      const many = await create()
        .send({ ...valid, affected_systems: Array.from({ length: 101 }, (_, i) => `s${i}`) })
        .expect(400);
      expect(many.body.errors[0].field).toBe('affected_systems');
    });
  });
});
