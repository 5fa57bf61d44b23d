import { type CpuProfile, summarizeProfile } from '../../bench/cpu-profile-summary';

const PG = '/app/node_modules/pg/lib/query.js';
const EXPRESS = '/app/node_modules/express/lib/response.js';
const OURS = '/app/dist/libs/event-store/src/postgres/postgres-event-store.js';

/** A call tree as V8 writes it: ids, call frames, children; a sample names its innermost frame. */
function profile(
  frames: { id: number; name: string; url: string; children?: number[] }[],
  samples: [id: number, micros: number][],
): CpuProfile {
  return {
    nodes: frames.map(({ id, name, url, children }) => ({
      id,
      callFrame: { functionName: name, url },
      children,
    })),
    samples: samples.map(([id]) => id),
    timeDeltas: samples.map(([, micros]) => micros),
  };
}

describe('bench:profile', () => {
  it('counts a syscall and Node stream code for the library that wrote, not for Node', () => {
    const totals = summarizeProfile(
      profile(
        [
          { id: 1, name: '(root)', url: '', children: [2, 6, 7, 8] },
          { id: 2, name: 'append', url: OURS, children: [3] },
          { id: 3, name: 'submit', url: PG, children: [4] },
          { id: 4, name: 'Socket._writev', url: 'node:net', children: [5] },
          { id: 5, name: 'writev', url: '' },
          { id: 6, name: 'send', url: EXPRESS },
          { id: 7, name: '(idle)', url: '' },
          { id: 8, name: 'parserOnHeaders', url: 'node:_http_common' },
        ],
        [
          [5, 70],
          [3, 10],
          [2, 5],
          [6, 40],
          [7, 100],
          [8, 3],
        ],
      ),
    );
    expect(Object.fromEntries(totals)).toEqual({
      'PostgreSQL driver (pg, its socket I/O)': 80,
      'ledger: libs/event-store': 5,
      'Express and its middleware': 40,
      'idle (waiting: on PostgreSQL, Kafka, clients)': 100,
      // Nothing outside Node asked for it: Node's own.
      'Node http': 3,
    });
  });

  it('groups scoped packages and sources run through ts-node', () => {
    const totals = summarizeProfile(
      profile(
        [
          { id: 1, name: '(root)', url: '', children: [2, 3] },
          { id: 2, name: 'resolve', url: '/app/node_modules/@nestjs/core/router.js' },
          { id: 3, name: 'decide', url: '/app/libs/domain/src/decider.ts' },
        ],
        [
          [2, 4],
          [3, 6],
        ],
      ),
    );
    expect(Object.fromEntries(totals)).toEqual({ NestJS: 4, 'ledger: libs/domain': 6 });
  });

  it('reads our apps and libs wherever the checkout is, and file:// URLs', () => {
    const totals = summarizeProfile(
      profile(
        [
          { id: 1, name: '(root)', url: '', children: [2, 3] },
          { id: 2, name: 'main', url: '/home/ci/apps/ledger/dist/apps/api/src/main.js' },
          { id: 3, name: 'hash', url: 'file:///srv/libs/x/libs/event-store/src/chain.js' },
        ],
        [
          [2, 1],
          [3, 2],
        ],
      ),
    );
    expect(Object.fromEntries(totals)).toEqual({
      'ledger: apps/api': 1,
      'ledger: libs/event-store': 2,
    });
  });

  it('counts loading a module as start-up, not for the code that required it', () => {
    const totals = summarizeProfile(
      profile(
        [
          { id: 1, name: '(root)', url: '', children: [2] },
          { id: 2, name: '(anon)', url: '/app/dist/apps/ingestor/src/main.js', children: [3] },
          { id: 3, name: 'Module._load', url: 'node:internal/modules/cjs/loader', children: [4] },
          { id: 4, name: 'compileFunction', url: '' },
        ],
        [
          [4, 9],
          [2, 1],
        ],
      ),
    );
    expect(Object.fromEntries(totals)).toEqual({
      'Node module loading (start-up)': 9,
      'ledger: apps/ingestor': 1,
    });
  });
});
