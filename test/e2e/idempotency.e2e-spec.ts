import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { IdempotencyInterceptor } from '../../apps/api/src/idempotency/idempotency.interceptor';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi, type Person } from '../support/test-api';
import { withClient } from '../support/test-database';

const body = (title: string) => ({
  title,
  description: `${title}, sent by a client that retries`,
  change_type: 'feature',
  priority: 'low',
  affected_systems: ['billing'],
  test_plan: 'unit tests',
  rollback_plan: completeRollbackPlan,
});

/** Idempotency-Key: a retry after a lost answer gets the first answer and does nothing twice. */
describe('Idempotency-Key', () => {
  const api = useTestApi({ runProjector: false });

  const create = (who: Person, key: string, sent: object) =>
    request(api.app.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer(who))
      .set('Idempotency-Key', key)
      .send(sent);
  const changesTitled = async (title: string) =>
    withClient(api.database.url, async (client) => {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ledger.events WHERE type = 'ChangeRequestCreated' AND data->'content'->>'title' = $1`,
        [title],
      );
      return Number(rows[0]!.n);
    });

  describe('when a create is retried with the same key', () => {
    it('answers the first answer again and creates one change', async () => {
      const first = await create('requester', 'retry-1', body('Retried create')).expect(201);
      const again = await create('requester', 'retry-1', body('Retried create')).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await changesTitled('Retried create')).toBe(1);
    });

    it('refuses the same key for another request with 422', async () => {
      await create('requester', 'retry-2', body('First use')).expect(201);
      const reused = await create('requester', 'retry-2', body('Something else')).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      expect(await changesTitled('Something else')).toBe(0);
    });

    it('keeps keys apart per principal', async () => {
      await create('requester', 'shared-key', body('Requester’s change')).expect(201);
      const other = await create('changeManager', 'shared-key', body('Manager’s change')).expect(
        201,
      );
      expect(other.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  describe('when the same key arrives twice at once', () => {
    it('never does the work twice', async () => {
      const answers = await Promise.all([
        create('requester', 'race-1', body('Raced create')),
        create('requester', 'race-1', body('Raced create')),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      // Either the second waited for the first's answer, or it was told the first is running.
      expect([
        [201, 201],
        [201, 409],
      ]).toContainEqual(statuses);
      expect(await changesTitled('Raced create')).toBe(1);
    });
  });

  describe('when the first request failed', () => {
    it('gives the key back, so a corrected retry goes through', async () => {
      const refused = await create('requester', 'fix-1', {
        ...body('Corrected'),
        change_type: 'teleportation',
      }).expect(400);
      expect(refused.body.code).toBe('CHANGE_REQUEST.INVALID');
      await create('requester', 'fix-1', body('Corrected')).expect(201);
      expect(await changesTitled('Corrected')).toBe(1);
    });
  });

  describe('when an approval is retried', () => {
    it('answers as the first time instead of refusing a second approval', async () => {
      const created = await create('requester', 'to-approve', body('Approve me')).expect(201);
      const id = created.body.change_request_id as string;
      const approve = () =>
        request(api.app.getHttpServer())
          .post(`${API}/change-requests/${id}/approve`)
          .set(bearer('changeManager'))
          .set('Idempotency-Key', 'approve-once')
          .send({ approved: true });
      const first = await approve().expect(200);
      const again = await approve().expect(200);
      expect(again.body).toEqual(first.body);
    });
  });

  describe('when a body holds a number JSON cannot canonicalise (1e309 overflows to Infinity)', () => {
    it.each([
      ['with a key', 'overflow-1'],
      ['without a key', undefined],
    ])('answers 400 naming the field, %s', async (_case, key) => {
      for (const literal of ['1e309', '-1e309']) {
        const sent = request(api.app.getHttpServer())
          .post(`${API}/change-requests`)
          .set(bearer('requester'))
          .set('Content-Type', 'application/json');
        if (key) sent.set('Idempotency-Key', `${key}${literal}`);
        const answer = await sent
          .send(`{"title":"Overflow","reason":${literal},"affected_systems":["billing"]}`)
          .expect(400);
        expect(answer.body.errors).toEqual([
          { field: 'body.reason', reason: expect.stringContaining('too large for JSON') },
        ]);
      }
    });
  });

  it('refuses a key longer than 200 characters', async () => {
    const answer = await create('requester', 'x'.repeat(201), body('Bad key')).expect(400);
    expect(answer.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('is honoured on every POST route (each declared with @IdempotentPost), and only there', async () => {
    const routes = [...api.app.get(ModulesContainer).values()]
      .flatMap((module) => [...module.controllers.values()])
      .flatMap(({ metatype }) => {
        if (!metatype) return [];
        // Handlers a controller inherits (the change-request steps') count too.
        const names = new Set<string>();
        for (
          let prototype = (metatype as { prototype: object }).prototype;
          prototype && prototype !== Object.prototype;
          prototype = Object.getPrototypeOf(prototype) as object
        )
          Object.getOwnPropertyNames(prototype).forEach((name) => names.add(name));
        const instance = (metatype as { prototype: Record<string, unknown> }).prototype;
        return [...names]
          .map((name) => ({ name: `${metatype.name}.${name}`, handler: instance[name] }))
          .filter(
            ({ handler }) =>
              typeof handler === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler),
          );
      });
    const intercepted = (handler: unknown) =>
      ((Reflect.getMetadata(INTERCEPTORS_METADATA, handler as object) ?? []) as unknown[]).includes(
        IdempotencyInterceptor,
      );
    const posts = routes.filter(
      ({ handler }) =>
        Reflect.getMetadata(METHOD_METADATA, handler as object) === RequestMethod.POST,
    );
    expect(posts.length).toBeGreaterThan(10);
    // Issuing a calendar feed token: its kept answer would keep the secret it shows once (ADR
    // 0028). A retry issues another token, which costs nothing but a line in the owner's list.
    const answerNotKept = ['CalendarFeedTokensHttpController.issue'];
    expect(
      posts
        .filter(({ handler, name }) => !intercepted(handler) && !answerNotKept.includes(name))
        .map(({ name }) => name),
    ).toEqual([]);
    expect(
      routes
        .filter((route) => !posts.includes(route) && intercepted(route.handler))
        .map(({ name }) => name),
    ).toEqual([]);
  });
});
