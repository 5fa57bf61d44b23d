import { type AddressInfo } from 'node:net';
import { createClient } from '@change-ledger/event-store';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Client } from 'pg';
import { type Person, tokenOf } from '../support/test-api';

const API = '/api/v1/change-management/change-requests';

/** An answer of the API: its status and its JSON body. */
export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, read by the checks
  body: any;
}

/** What the read models hold for one change request, once they have caught up with its stream. */
export interface ReadModelRow {
  /** The stream's last revision, which the row has caught up with. */
  head: string;
  status: string;
  approvedAt: string | null;
  pending: Array<[string, boolean]>;
}

/** The clock the API decides by, moved only by the model (every step's time is known exactly). */
export class ModelClock {
  constructor(private time: number) {}
  readonly now = () => new Date(this.time);
  iso(): string {
    return new Date(this.time).toISOString();
  }
  advance(minutes: number): void {
    this.time += minutes * 60_000;
  }
}

/**
 * The real side of the model-based test: the booted API over HTTP (one keep-alive connection
 * pool, as a client would), and the read models read from PostgreSQL once their projection has
 * caught up with the change's stream.
 */
export class ModelApi {
  private readonly base: string;
  private client: Client | undefined;
  /** Requests sent, and the time spent on them and on waiting for the read models. */
  requests = 0;
  requestMs = 0;
  readModelMs = 0;

  constructor(
    app: NestExpressApplication,
    private readonly databaseUrl: string,
    readonly clock: ModelClock,
  ) {
    const address = app.getHttpServer().address() as AddressInfo | null;
    if (!address) throw new Error('the API must listen before the model runs');
    this.base = `http://127.0.0.1:${address.port}`;
  }

  async open(): Promise<void> {
    this.client = createClient('model-read-models', this.databaseUrl);
    await this.client.connect();
  }

  async close(): Promise<void> {
    await this.client?.end();
  }

  async send(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    who: Person,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Answer> {
    this.requests += 1;
    const started = performance.now();
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokenOf(who)}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    this.requestMs += performance.now() - started;
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  step(id: string, step: string, who: Person, body: unknown = {}): Promise<Answer> {
    return this.send('POST', `${API}/${id}/${step}`, who, body);
  }

  create(who: Person, body: unknown, emergency: boolean): Promise<Answer> {
    return this.send('POST', emergency ? `${API}/emergency` : API, who, body);
  }

  amend(id: string, who: Person, body: unknown): Promise<Answer> {
    return this.send('PATCH', `${API}/${id}`, who, body);
  }

  get(id: string): Promise<Answer> {
    return this.send('GET', `${API}/${id}`, 'auditor');
  }

  gate(id: string): Promise<Answer> {
    return this.send('GET', `${API}/${id}/gates?environment=production`, 'auditor');
  }

  list(text: string): Promise<Answer> {
    return this.send('GET', `/api/v1/change-management/change-requests?q=${text}`, 'auditor');
  }

  ingest(who: Person, fact: unknown): Promise<Answer> {
    return this.send('POST', '/api/v1/ingest/events', who, fact);
  }

  /** The last revision of the change's stream. */
  async head(id: string): Promise<string> {
    const { rows } = await this.client!.query<{ head: string }>(
      'SELECT max(revision) AS head FROM ledger.events WHERE stream_id = $1',
      [`change-request-${id}`],
    );
    return rows[0]!.head;
  }

  /**
   * The change's row and its approvals queue, read in one statement (the projection writes them
   * in one transaction) once the row has caught up with the last event of its stream.
   */
  async readModel(id: string, timeoutMs = 10_000): Promise<ReadModelRow> {
    const started = performance.now();
    try {
      return await this.caughtUp(id, timeoutMs);
    } finally {
      this.readModelMs += performance.now() - started;
    }
  }

  private async caughtUp(id: string, timeoutMs: number): Promise<ReadModelRow> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.client!.query<{
        head: string | null;
        last_revision: string | null;
        status: string | null;
        approved_at: Date | null;
        pending: Array<{ role: string; retroactive: boolean }> | null;
      }>(
        `SELECT (SELECT max(revision) FROM ledger.events WHERE stream_id = $1) AS head,
                c.last_revision, c.status, c.approved_at,
                (SELECT json_agg(json_build_object('role', p.role, 'retroactive', p.retroactive)
                                 ORDER BY p.role)
                   FROM read_models.pending_approvals p WHERE p.change_request_id = $2) AS pending
           FROM (SELECT 1) one
           LEFT JOIN read_models.change_requests c ON c.change_request_id = $2`,
        [`change-request-${id}`, id],
      );
      const row = rows[0]!;
      if (row.head !== null && row.last_revision === row.head)
        return {
          head: row.head,
          status: row.status!,
          approvedAt: row.approved_at ? row.approved_at.toISOString() : null,
          pending: (row.pending ?? []).map(({ role, retroactive }) => [role, retroactive]),
        };
      if (Date.now() > deadline)
        throw new Error(
          `the change-requests projection did not reach revision ${row.head} of ${id} (at ${row.last_revision})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  }
}
