import { AuditError, type AuditSamples, type BundleSources } from '@change-ledger/audit';
import { Logger } from '@nestjs/common';
import { type Response } from 'express';
import { ExportBundleHttpController } from './export-bundle.http.controller';

const writeEvidenceBundle = jest.fn();
jest.mock('@change-ledger/audit', () => ({
  ...jest.requireActual('@change-ledger/audit'),
  writeEvidenceBundle: (...args: unknown[]) => writeEvidenceBundle(...args),
}));

/** GET /api/v1/audit/exports/{id} once the bundle writer has stopped, for either reason. */
describe('ExportBundleHttpController › export', () => {
  const drawn = { sampleId: 'S-1', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
  const samples = {
    load: async () => ({ id: 'event-1', data: { ...drawn, asOf: '2026-04-02T00:00:00Z' } }),
    events: async () => [],
  } as unknown as AuditSamples;
  const controller = new ExportBundleHttpController(
    samples,
    {} as BundleSources, // the writer is replaced above
  );
  const response = (headersSent: boolean) => {
    const sent = { headersSent, destroy: jest.fn() } as unknown as Response & {
      destroy: jest.Mock;
    };
    Object.assign(sent, { type: () => sent, attachment: () => sent });
    return sent;
  };
  let errors: jest.SpyInstance;
  let logs: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    logs = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('when the client went away: no error logged, nothing thrown (no 5xx), the stop noted', async () => {
    writeEvidenceBundle.mockRejectedValueOnce(
      new AuditError('AUDIT.EXPORT_INTERRUPTED', 'unavailable', 'output closed'),
    );
    const cut = response(true);
    await expect(controller.export('S-1', cut)).resolves.toBeUndefined();
    expect(errors).not.toHaveBeenCalled();
    expect(logs).toHaveBeenCalledWith(expect.stringContaining('export of sample S-1 stopped'));
    expect(cut.destroy).not.toHaveBeenCalled();
  });

  it('when the export itself fails mid-stream: logged as the bug it is, the stream cut', async () => {
    writeEvidenceBundle.mockRejectedValueOnce(new Error('the database went away'));
    const cut = response(true);
    await expect(controller.export('S-1', cut)).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('the database went away'));
    expect(cut.destroy).toHaveBeenCalled();
  });

  it('when it fails before the first byte: thrown, for the problem document', async () => {
    writeEvidenceBundle.mockRejectedValueOnce(new Error('no checkpoint'));
    await expect(controller.export('S-1', response(false))).rejects.toThrow('no checkpoint');
  });
});
