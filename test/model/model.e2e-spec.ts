import { PRINCIPALS } from './principals';
import { runModelSequences } from './run-model';
import { useModelApi } from './use-model-api';

/**
 * Issue 25 item 3: the ledger against a reference model of the seeds' rules (model-based testing
 * with fast-check's `fc.commands`; ADR 0023). CI runs MODEL_RUNS sequences (default 500) of
 * seed MODEL_SEED; `npm run bench:model` runs longer ones.
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 500);
const SEED = Number(process.env.MODEL_SEED ?? 20261125);
const EVERY_COMMAND = [
  'Amend',
  'Approve',
  'ApproveException',
  'AskGate',
  'Cancel',
  'Complete',
  'Create',
  'CreateEmergency',
  'Implement',
  'Reject',
  'ReportCi',
  'RequestException',
  'Review',
  'RollBack',
  'Schedule',
  'Submit',
  'Verify',
  'Wait',
];
const MAX_COMMANDS = Number(process.env.MODEL_MAX_COMMANDS ?? 12);

describe('the ledger against a reference model of the seeds’ rules', () => {
  // The model moves the API's clock itself, so every step's time is known.
  const model = useModelApi();

  it(`agrees with the model over ${RUNS} seeded sequences (seed ${SEED}), every role, every command`, async () => {
    const report = await runModelSequences(model.api, {
      runs: RUNS,
      seed: SEED,
      maxCommands: MAX_COMMANDS,
    });
    console.log(
      `model: ${report.sequences} sequences, ${report.commands} commands, ${report.requests} requests in ${report.seconds.toFixed(1)} s (requests ${(model.api.requestMs / 1000).toFixed(1)} s, read models ${(model.api.readModelMs / 1000).toFixed(1)} s)`,
    );
    console.log(report.summary.join('\n'));
    expect(report.sequences).toBeGreaterThanOrEqual(RUNS);
    // Every command ran and was accepted at least once; every principal acted.
    const accepted = (outcomes: Map<string, number>) =>
      [...outcomes.keys()].some((outcome) => outcome.startsWith('ok'));
    const commands = [...report.answers].filter(([, outcomes]) => accepted(outcomes));
    expect(commands.map(([command]) => command).sort()).toEqual(EVERY_COMMAND);
    expect([...report.principals].sort()).toEqual([...PRINCIPALS.map((p) => p.key)].sort());
    // The rules that need several steps in a row were reached: the gate allowed, denied and was
    // passed by an exception; production deployments were authorized and not; a service the
    // policy names took its step; a standard change was pre-approved and one refused; a CI
    // credential met a change out of its reach.
    const answered = (command: string) => [...(report.answers.get(command)?.keys() ?? [])];
    expect(answered('AskGate')).toEqual(
      expect.arrayContaining(['ok (allow, by exception)', 'ok (deny)']),
    );
    expect(answered('ReportCi')).toEqual(
      expect.arrayContaining([
        'ok (authorized)',
        'ok (unauthorized)',
        'INGESTION.CHANGE_NOT_IN_SCOPE',
        'INGESTION.SOURCE_NOT_BOUND',
        'INGESTION.INVALID_EVENT',
      ]),
    );
    expect(answered('Create')).toEqual(
      expect.arrayContaining([
        'ok',
        'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE',
        'CHANGE_REQUEST.NOT_A_PERSON',
        'AUTH.NO_ROLE',
      ]),
    );
    expect(report.acceptedBy.get('standardChangeBot')).toBeGreaterThan(0);
  }, 900_000);
});
