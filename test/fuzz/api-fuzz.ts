import { type Server } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, type Person, people } from '../support/test-api';

/**
 * A seeded fuzz run against every route of the API: plausible bodies with one field turned
 * hostile, random JSON, broken and oversized documents, wrong media types, odd path ids and
 * query strings, with and without credentials. Used by the e2e test (a few hundred requests) and
 * by `npm run bench:fuzz` (thousands). fast-check draws the values from a seed, so a failing run
 * replays exactly.
 */
export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  /** Requests answered 5xx, with what was sent (the first few). */
  serverErrors: Array<{
    method: string;
    path: string;
    status: number;
    body: string;
    answer: string;
  }>;
}

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Route {
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  query?: string[];
}

const CHANGE = {
  title: 'Fuzzed change',
  description: 'A change request a fuzzer sends',
  change_type: 'feature',
  priority: 'medium',
  affected_systems: ['billing'],
  test_plan: 'tests',
  rollback_plan: completeRollbackPlan,
  scheduled_for: '2026-12-01T02:00:00Z',
  links: { commit_sha: 'abcdef1' },
};
const CI_EVENT = {
  source: 'fuzz/ci',
  id: 'run-1',
  type: 'deployment',
  occurred_at: '2026-11-20T09:00:00Z',
  environment: 'production',
  outcome: 'success',
  tests: { total: 3, failed: 0 },
};
const PERIOD = ['from', 'to', 'min_position'];
const TEMPLATE = {
  title: 'Fuzzed template',
  description: 'A standard-change template a fuzzer proposes',
  change_types: ['configuration'],
  max_priority: 'low',
  max_risk_level: 'low',
  affected_systems: ['billing-*'],
  test_plan_required: true,
  rollback_plan: completeRollbackPlan,
};

function routes(id: string): Route[] {
  const cr = `/api/v1/change-management/change-requests/${id}`;
  const templates = '/api/v1/change-management/standard-change-templates';
  return [
    { method: 'get', path: templates, query: ['status', 'min_position'] },
    { method: 'get', path: `${templates}/${id}` },
    { method: 'get', path: `${templates}/dependency-update` },
    { method: 'post', path: templates, body: { id: 'fuzzed-template', ...TEMPLATE } },
    { method: 'post', path: `${templates}/dependency-update/versions`, body: TEMPLATE },
    { method: 'post', path: `${templates}/${id}/approve`, body: { version: 2, comments: 'ok' } },
    { method: 'post', path: `${templates}/dependency-update/reject`, body: { reason: 'no' } },
    { method: 'post', path: `${templates}/${id}/retire`, body: { reason: 'done' } },
    { method: 'get', path: '/api/v1/change-management/policy-exceptions' },
    {
      method: 'post',
      path: '/api/v1/change-management/policy-exceptions',
      body: {
        deviation: 'Ship with the scanner findings open',
        risk_assessment: 'test code only',
        gates: ['security_scan'],
        services: ['billing'],
        from: '2026-12-01T00:00:00Z',
        to: '2026-12-08T00:00:00Z',
      },
    },
    {
      method: 'post',
      path: `/api/v1/change-management/policy-exceptions/${id}/approve`,
      body: { role: 'security-officer' },
    },
    { method: 'post', path: '/api/v1/change-management/change-requests', body: CHANGE },
    { method: 'post', path: '/api/v1/change-management/change-requests/emergency', body: CHANGE },
    { method: 'get', path: cr },
    { method: 'get', path: `${cr}/history` },
    { method: 'patch', path: cr, body: { title: 'Amended', affected_systems: ['x'] } },
    { method: 'post', path: `${cr}/submit`, body: {} },
    {
      method: 'post',
      path: `${cr}/approve`,
      body: { approved: true, comments: 'ok', conditions: ['c'] },
    },
    { method: 'post', path: `${cr}/reject`, body: { reason: 'no' } },
    { method: 'post', path: `${cr}/cancel`, body: { reason: 'no longer needed' } },
    {
      method: 'post',
      path: `${cr}/schedule`,
      body: { scheduled_for: '2026-12-01T02:00:00Z', maintenance_window: true },
    },
    {
      method: 'post',
      path: `${cr}/implement`,
      body: { implementation_plan: 'p', estimated_duration_minutes: 30 },
    },
    {
      method: 'post',
      path: `${cr}/verify`,
      body: { outcome: 'passed', monitoring_minutes: 30, checks: ['a'] },
    },
    { method: 'post', path: `${cr}/complete`, body: { status: 'completed', test_results: 'ok' } },
    {
      method: 'post',
      path: `${cr}/rollback`,
      body: { reason: 'errors', incident_id: 'INC-1', severity: 'P2' },
    },
    { method: 'post', path: `${cr}/review`, body: { kind: 'post_incident', findings: 'f' } },
    { method: 'post', path: `${cr}/exceptions`, body: { deviation: 'd', risk_assessment: 'r' } },
    { method: 'post', path: `${cr}/exceptions/approve`, body: {} },
    { method: 'get', path: `${cr}/gates`, query: ['environment'] },
    {
      method: 'get',
      path: '/api/v1/change-management/change-requests',
      query: [
        'status',
        'category',
        'priority',
        'change_type',
        'requester',
        'affected_system',
        'from',
        'to',
        'q',
        'limit',
        'cursor',
      ],
    },
    {
      method: 'get',
      path: '/api/v1/change-management/approvals/pending',
      query: ['role', 'limit', 'cursor'],
    },
    { method: 'get', path: '/api/v1/change-management/change-log', query: [...PERIOD, 'format'] },
    { method: 'get', path: '/api/v1/change-management/reports/monthly', query: ['period'] },
    { method: 'get', path: '/api/v1/change-management/reports/emergency', query: ['quarter'] },
    {
      method: 'get',
      path: '/api/v1/change-management/metrics',
      query: [...PERIOD, 'category', 'priority', 'affected_system'],
    },
    { method: 'get', path: '/api/v1/me' },
    // Calendar feed tokens and the feed by URL (issue 28), the notifier's operators' requests.
    {
      method: 'post',
      path: '/api/v1/me/calendar-feed-tokens',
      body: { label: 'phone', expires_in_days: 30 },
    },
    { method: 'get', path: '/api/v1/me/calendar-feed-tokens' },
    { method: 'delete', path: `/api/v1/me/calendar-feed-tokens/${id}` },
    { method: 'get', path: '/api/v1/change-management/calendar.ics', query: ['feed_token'] },
    { method: 'get', path: '/api/v1/change-management/notifications' },
    { method: 'post', path: `/api/v1/change-management/notifications/${id}/resend`, body: {} },
    {
      method: 'post',
      path: '/api/v1/change-management/notifications/replay',
      body: { channel: 'webhook', since: '2026-11-01' },
    },
    { method: 'get', path: '/sign-in.json' },
    { method: 'get', path: '/api/v1/change-management/deployments', query: PERIOD },
    { method: 'get', path: '/api/v1/change-management/unauthorized-changes', query: PERIOD },
    { method: 'get', path: '/api/v1/change-management/incidents', query: ['open'] },
    { method: 'get', path: '/api/v1/change-management/projections' },
    { method: 'get', path: '/api/v1/ledger/checkpoint', query: ['size'] },
    { method: 'get', path: '/api/v1/ledger/verifier-key' },
    { method: 'get', path: '/api/v1/ledger/proofs/inclusion', query: ['event_id', 'tree_size'] },
    { method: 'get', path: '/api/v1/ledger/proofs/consistency', query: ['from', 'to'] },
    { method: 'post', path: '/api/v1/ingest/events', body: CI_EVENT },
    {
      method: 'post',
      path: '/api/v1/ingest/github',
      body: { deployment_status: { state: 'success' } },
    },
    { method: 'post', path: '/api/v1/ingest/gitlab', body: { object_kind: 'deployment' } },
    { method: 'get', path: '/api/v1/ingest/receipt', query: ['source', 'id'] },
    {
      method: 'get',
      path: '/api/v1/ci-events',
      query: [
        'change_request_id',
        'source',
        'kind',
        'environment',
        'outcome',
        'from',
        'to',
        'cursor',
        'limit',
      ],
    },
    { method: 'get', path: `/api/v1/ci-events/${id}/${id}` },
    { method: 'get', path: '/health' },
  ];
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '😀', '../..', 'null'),
  fc.constantFrom('%FF', '%00', '%ED%A0%80', '%', '..%2F..'),
  fc.constantFrom('2025-W01', '2025-123', '2026-11-20T10:00:00,5Z', '2026-02-30T00:00:00Z', '1e12'),
  fc.string({ minLength: 10_001, maxLength: 12_000 }),
);
const queryString = hostileString.filter((text) => text.length < 1_000);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e12, Number.MAX_SAFE_INTEGER, 1.5, [], {}),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 4 }),
  fc.array(hostileString, { maxLength: 150 }),
  fc.constant(Array.from({ length: 2_000 }, (_, index) => index)),
);

const RAW = '\u2063raw-literal\u2063';

/** A body as raw text: JSON with one field turned hostile, random JSON, or a broken document. */
function bodyText(base: Record<string, unknown> | undefined): fc.Arbitrary<string> {
  const fields = Object.keys(base ?? { field: 1 });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...fields, '__proto__', 'constructor', 'extra'), hostileValue)
        // A computed key makes `__proto__` an own property, so JSON.stringify sends it.
        .map(([field, value]) => JSON.stringify({ ...base, [field]: value })),
    },
    {
      // Number literals JSON.stringify never writes: `JSON.parse` makes ±Infinity of the first
      // ones, which RFC 8785 canonicalisation (the Idempotency-Key fingerprint) throws on.
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...fields, 'reason', 'extra'),
          fc.constantFrom('1e309', '-1e309', '1E400', '-1.5e999', '1e-400', '-0', '9'.repeat(400)),
        )
        .map(([field, literal]) =>
          JSON.stringify({ ...base, [field]: RAW }).replace(`"${RAW}"`, literal),
        ),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"title": ',
        'null',
        '"just a string"',
        '[]',
        `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
        `{"a":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}}`,
        `{"tests":[${Array(300_000).fill(0).join(',')}]}`,
        '{"title":"\\ud800"}',
        '{"title":"a\\u0000b"}',
        '{"__proto__":{"isAdmin":true}}',
      ),
    },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/cloudevents+json',
  'text/plain',
  'application/json; charset=utf-16le',
  'application/x-www-form-urlencoded',
];
const PEOPLE = Object.keys(people) as Person[];

const fuzzRequest = (ids: string[]) =>
  fc.record({
    route: fc.integer({ min: 0, max: routes('x').length - 1 }),
    id: fc.oneof(
      fc.constantFrom(...ids),
      hostileString.filter((text) => text.length < 300),
    ),
    who: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...PEOPLE) },
      { weight: 1, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constant('garbage' as const) },
    ),
    contentType: fc.constantFrom(...CONTENT_TYPES),
    body: fc.nat(),
    // Short enough to fit in a request line (Node answers 431 past 16 kB of headers).
    query: fc.dictionary(fc.string({ maxLength: 20 }), queryString, { maxKeys: 4 }),
    queryValues: fc.array(queryString, { minLength: 12, maxLength: 12 }),
    encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'x-unknown'),
    // Half the requests with an Idempotency-Key: fresh ones, a few reused (replays and 422s for
    // another body), and malformed ones.
    idempotencyKey: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
      { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(201), 'é', 'a\tb') },
    ),
  });

/** `target`: the API's HTTP server (in this process) or its base URL (another thread or process). */
export async function fuzzApi(
  target: Server | string,
  options: { requests: number; seed: number; ids: string[]; concurrency?: number },
): Promise<FuzzReport> {
  const samples = fc.sample(fuzzRequest(options.ids), {
    numRuns: options.requests,
    seed: options.seed,
  });
  const bodies = new Map<number, string>();
  const report: FuzzReport = { requests: 0, byStatus: {}, serverErrors: [] };
  const server = target;
  const send = async (sample: (typeof samples)[number], index: number) => {
    const route = routes(pathSegment(sample.id))[sample.route]!;
    let call = request(server)[route.method](route.path);
    if (sample.who === 'garbage') call = call.set('Authorization', 'Bearer not-a-token');
    else if (sample.who !== 'none') call = call.set(bearer(sample.who));
    const query: Record<string, string> = Object.fromEntries(
      Object.entries(sample.query).map(([name, value]) => [sendable(name), sendable(value)]),
    );
    (route.query ?? []).forEach((name, at) => {
      if (sample.queryValues[at]!.length % 3 !== 0) query[name] = sendable(sample.queryValues[at]!);
    });
    call = call.query(query);
    let text = '';
    if (route.method !== 'get' && route.method !== 'delete') {
      if (sample.idempotencyKey !== undefined)
        call = call.set('Idempotency-Key', sample.idempotencyKey);
      text =
        bodies.get(index) ??
        fc.sample(bodyText(route.body), { numRuns: 1, seed: options.seed + index })[0]!;
      call = call.set('Content-Type', sample.contentType);
      if (sample.encoding) call = call.set('Content-Encoding', sample.encoding);
      call = call.send(text);
    }
    const answer = await call.ok(() => true).timeout(60_000);
    report.requests++;
    report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
    if (answer.status >= 500 && report.serverErrors.length < 20) {
      report.serverErrors.push({
        method: route.method.toUpperCase(),
        path: route.path,
        status: answer.status,
        body: text.slice(0, 300),
        answer: JSON.stringify(answer.body).slice(0, 300),
      });
    }
  };
  const concurrency = options.concurrency ?? 4;
  for (let start = 0; start < samples.length; start += concurrency) {
    await Promise.all(
      samples
        .slice(start, start + concurrency)
        .map((sample, offset) => send(sample, start + offset)),
    );
  }
  return report;
}

/**
 * A URL cannot carry a lone surrogate (it has no UTF-8): the client would refuse it. What a
 * server can receive instead is raw percent-escapes of invalid UTF-8, which some ids send as is.
 */
function sendable(text: string): string {
  return text.replace(/\p{Cs}/gu, '\ufffd');
}

function pathSegment(id: string): string {
  if (['%FF', '%00', '%ED%A0%80', '%', '..%2F..'].includes(id)) return id;
  return encodeURIComponent(sendable(id)).slice(0, 300);
}

/** A few change requests in several states, for the fuzzer's path ids to hit. */
export async function seedChanges(target: Server | string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < 3; index++) {
    const created = await request(target)
      .post('/api/v1/change-management/change-requests')
      .set(bearer('requester'))
      .send({ ...CHANGE, title: `Seeded change ${index}` });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    ids.push(created.body.change_request_id as string);
  }
  return [...ids, 'CHG-2030-999'];
}
