import assert from 'node:assert/strict';
import fc from 'fast-check';
import { headArb, stepArb } from './arbitraries';
import { coverage } from './coverage';
import { ModelRun } from './model-run';
import { type ModelApi } from './model-api';

export interface ModelRunOptions {
  /** Sequences to run (fast-check's numRuns). */
  runs: number;
  seed: number;
  /** The longest sequence after its head (a creation, some approvals, an implementation). */
  maxCommands: number;
}

export interface ModelRunReport {
  sequences: number;
  /** Per command, how often the API answered each way (`ok` or a refusal's code). */
  answers: Map<string, Map<string, number>>;
  principals: Set<string>;
  /** How many of each principal's steps the API accepted. */
  acceptedBy: Map<string, number>;
  summary: string[];
  commands: number;
  requests: number;
  seconds: number;
}

/**
 * Random sequences of every command by principals of every role, each on a change request of its
 * own (one API, one database for all: fresh change requests, not fresh databases), each step held
 * to the reference model. A disagreement fails the property; fast-check shrinks it to a shortest
 * sequence and prints it with the seed and path that replay it (`fc.assert`'s message).
 */
export async function runModelSequences(
  api: ModelApi,
  options: ModelRunOptions,
): Promise<ModelRunReport> {
  const started = Date.now();
  coverage.answers.clear();
  coverage.principals.clear();
  coverage.acceptedBy.clear();
  const requestsBefore = api.requests;
  let sequences = 0;
  let commands = 0;
  await fc.assert(
    fc.asyncProperty(
      headArb(),
      fc.commands([stepArb()], { maxCommands: options.maxCommands, size: 'max' }),
      async (head, rest) => {
        sequences += 1;
        const run = new ModelRun(`mbt${options.seed}x${sequences}`, api.clock);
        const all = [...head, ...rest];
        commands += all.length;
        await fc.asyncModelRun(() => ({ model: run, real: api }), all);
        await listedAsModelled(run, api);
      },
    ),
    { numRuns: options.runs, seed: options.seed, endOnFailure: false },
  );
  return {
    sequences,
    answers: coverage.answers,
    principals: coverage.principals,
    acceptedBy: coverage.acceptedBy,
    summary: coverage.summary(),
    commands,
    requests: api.requests - requestsBefore,
    seconds: (Date.now() - started) / 1000,
  };
}

/** The list the API answers from its read model finds the change as the model has it. */
async function listedAsModelled(run: ModelRun, api: ModelApi): Promise<void> {
  if (!run.change) return;
  const listed = await api.list(run.token);
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.body.items.map((item: { change_request_id: string; status: string }) => [
      item.change_request_id,
      item.status,
    ]),
    [[run.change.id, run.change.status]],
    `GET /change-requests?q=${run.token} disagrees with the model`,
  );
}
