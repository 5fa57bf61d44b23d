import { type ChangeRequestState, changeRequestStream } from '@change-ledger/domain';
import { type ChangeRequestAt, ChangeRequestStates } from './change-request-states';
import { type StreamHeads } from './stream-heads';

/** Streams as a map of heads; loads answer what is "stored" now and are counted. */
function given(stored: Record<string, ChangeRequestAt>, withHeads = true) {
  const loads: string[][] = [];
  const heads: StreamHeads = {
    revisions: async (streamIds) =>
      new Map(
        Object.entries(stored)
          .filter(
            ([id, at]) => streamIds.includes(changeRequestStream(id)) && at.revision !== undefined,
          )
          .map(([id, at]) => [changeRequestStream(id), at.revision!]),
      ),
  };
  const states = new ChangeRequestStates(
    {
      load: async (ids) => {
        loads.push([...ids]);
        return new Map(
          [...ids].map((id) => [
            id,
            { ...(stored[id] ?? { state: { status: 'absent' }, revision: undefined }), events: [] },
          ]),
        );
      },
    },
    withHeads ? heads : null,
  );
  return { states, loads };
}

const draft = (title: string) => ({ status: 'draft', title }) as unknown as ChangeRequestState;

describe('ChangeRequestStates', () => {
  describe('when a change was remembered at the revision its stream still has', () => {
    it('answers it without loading the stream', async () => {
      const stored = { 'CHG-2026-001': { state: draft('stored'), revision: 4 } };
      const { states, loads } = given(stored);
      states.remember(
        new Map([['CHG-2026-001', { state: draft('after my append'), revision: 4 }]]),
      );

      const loaded = await states.load(['CHG-2026-001']);

      expect(loaded.get('CHG-2026-001')).toEqual({ state: draft('after my append'), revision: 4 });
      expect(loads).toEqual([]);
    });
  });

  describe('when someone else wrote the change since', () => {
    it('loads it from its stream', async () => {
      const stored = { 'CHG-2026-001': { state: draft('approved meanwhile'), revision: 5 } };
      const { states, loads } = given(stored);
      states.remember(new Map([['CHG-2026-001', { state: draft('mine'), revision: 4 }]]));

      const loaded = await states.load(['CHG-2026-001', 'CHG-2026-002']);

      expect(loaded.get('CHG-2026-001')).toEqual({
        state: draft('approved meanwhile'),
        revision: 5,
      });
      expect(loaded.get('CHG-2026-002')).toEqual({
        state: { status: 'absent' },
        revision: undefined,
      });
      expect(loads).toEqual([['CHG-2026-001', 'CHG-2026-002']]);
    });
  });

  describe('when a change remembered as absent was created since', () => {
    it('loads it', async () => {
      const stored = { 'CHG-2026-003': { state: draft('created'), revision: 0 } };
      const { states, loads } = given(stored);
      states.remember(
        new Map([['CHG-2026-003', { state: { status: 'absent' }, revision: undefined }]]),
      );

      const loaded = await states.load(['CHG-2026-003']);

      expect(loaded.get('CHG-2026-003')?.revision).toBe(0);
      expect(loads).toEqual([['CHG-2026-003']]);
    });
  });

  describe('after a failed batch', () => {
    it('loads everything again', async () => {
      const stored = { 'CHG-2026-001': { state: draft('stored'), revision: 4 } };
      const { states, loads } = given(stored);
      states.remember(new Map([['CHG-2026-001', { state: draft('stored'), revision: 4 }]]));

      states.forget();
      await states.load(['CHG-2026-001']);

      expect(loads).toEqual([['CHG-2026-001']]);
    });
  });

  describe('without stream heads (EventStoreDB)', () => {
    it('remembers nothing', async () => {
      const stored = { 'CHG-2026-001': { state: draft('stored'), revision: 4 } };
      const { states, loads } = given(stored, false);
      states.remember(new Map([['CHG-2026-001', { state: draft('stored'), revision: 4 }]]));

      await states.load(['CHG-2026-001']);

      expect(loads).toEqual([['CHG-2026-001']]);
    });
  });
});
