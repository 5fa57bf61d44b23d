import { randomUUID } from 'node:crypto';
import {
  AUDIT_SAMPLE_STREAM_PREFIX,
  CHANGE_REQUEST_STREAM_PREFIX,
  changeRequestStream,
  CI_EVENT_STREAM_PREFIX,
  POLICY_EXCEPTIONS_STREAM,
  POLICY_VERSIONS_STREAM,
} from '@change-ledger/domain';
import { hashEvent, type JsonObject, sealEvents } from '@change-ledger/event-store';
import * as ledger from '@change-ledger/integrity';
import * as alone from '@change-ledger/verify';
import canonicalize from 'canonicalize';
import fc from 'fast-check';

/**
 * The verifier an auditor installs alone (packages/verify) and the ledger that writes what it
 * checks agree: same canonical JSON and event hashes as the store, same stream names as the
 * domain, and the ledger's own signers' notes, cosignatures and receipts open with the package.
 * The package's own specs import nothing of the ledger's; this is where the two meet.
 */
describe('packages/verify agrees with the ledger', () => {
  it("canonicalises any JSON value as the store's hash chain does (canonicalize)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = JSON.parse(JSON.stringify(value)) as alone.JsonValue;
        expect(alone.canonicalJson(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes an event the store sealed to the hash the store gave it', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
        const [sealed] = sealEvents(
          changeRequestStream('CHG-2026-001'),
          [
            {
              id: randomUUID(),
              type: 'ChangeRequestCreated',
              data: JSON.parse(JSON.stringify(data)) as JsonObject,
              metadata: {
                actor: {
                  id: 'sam',
                  kind: 'user',
                  roles: ['engineer'],
                  authenticatedBy: 'api-token',
                },
                occurredAt: '2026-03-02T09:00:00.000Z',
                correlationId: randomUUID(),
                source: { kind: 'api', requestId: randomUUID() },
              },
            },
          ],
          undefined,
          new Date('2026-03-02T09:00:00.000Z'),
        );
        const line = JSON.parse(
          JSON.stringify({
            ...sealed!,
            position: '1/1',
            integrity: { prevHash: sealed!.prevHash, hash: sealed!.hash },
          }),
        );
        expect(alone.eventHash(alone.parseEventLine(JSON.stringify(line)))).toBe(sealed!.hash);
        const timed = { ...sealed!, recordedAt: '2026-03-02 09:00:00.123456+00' };
        expect(
          alone.eventHash({
            ...line,
            integrity: { prevHash: sealed!.prevHash, hash: '', recordedAt: timed.recordedAt },
          }),
        ).toBe(hashEvent(timed));
      }),
      { numRuns: 100 },
    );
  });

  it("names the streams a bundle's folders hold as the domain does", () => {
    expect({
      policy: alone.POLICY_VERSIONS_STREAM,
      exceptions: alone.POLICY_EXCEPTIONS_STREAM,
      sample: alone.AUDIT_SAMPLE_STREAM_PREFIX,
      change: alone.CHANGE_REQUEST_STREAM_PREFIX,
      ci: alone.CI_EVENT_STREAM_PREFIX,
    }).toEqual({
      policy: POLICY_VERSIONS_STREAM,
      exceptions: POLICY_EXCEPTIONS_STREAM,
      sample: AUDIT_SAMPLE_STREAM_PREFIX,
      change: CHANGE_REQUEST_STREAM_PREFIX,
      ci: CI_EVENT_STREAM_PREFIX,
    });
    expect(
      alone.folderHoldsStream('changes/CHG-2026-001', changeRequestStream('CHG-2026-001')),
    ).toBe(true);
  });

  it("opens the ledger's checkpoints, receipts and witnesses' cosignatures", () => {
    const signer = ledger.parseSignerKey(ledger.generateSignerKey('test.example/log'));
    const witness = ledger.parseTypedSignerKey(
      ledger.generateSignerKey('witness.example/w', ledger.COSIGNATURE_V1),
      ledger.COSIGNATURE_V1,
    );
    const keys = [alone.parseVerifierKey(ledger.verifierKey(signer))];
    const body = ledger.formatCheckpoint({
      origin: 'test.example/log',
      size: 3,
      root: ledger.EMPTY_ROOT,
      time: new Date('2026-03-02T09:00:00Z'),
    });
    const note = ledger.signNote(body, signer) + ledger.cosign(body, witness, 1_772_442_010).line;
    expect(
      alone.checkCheckpoint(note, {
        verifierKeys: keys,
        witnessKeys: [
          alone.parseTypedVerifierKey(ledger.verifierKey(witness), alone.COSIGNATURE_V1),
        ],
      }),
    ).toMatchObject({ valid: true, size: 3, cosignedBy: [{ witness: 'witness.example/w' }] });
    const receipt = ledger.signReceipt(
      {
        origin: 'test.example/log',
        includeBy: new Date('2026-03-02T09:05:00Z'),
        events: [{ id: randomUUID(), hash: 'a'.repeat(64), recordedAt: new Date() }],
      },
      signer,
    );
    expect(alone.checkReceipt(receipt, keys)).toMatchObject({ valid: true });
  });
});
