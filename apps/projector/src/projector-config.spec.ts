import path from 'node:path';
import {
  COSIGNATURE_V1,
  generateSignerKey,
  ledgerLogConfig,
  parseTypedSignerKey,
  verifierKey,
} from '@change-ledger/integrity';
import { loadApiEnvironment } from '../../api/src/config/api-config';
import { loadProjectorEnvironment } from './projector-config';

const DATABASE_URL = 'postgres://u@db:5432/ledger';

describe('projector configuration', () => {
  describe('LEDGER_WITNESSES', () => {
    const key = verifierKey(
      parseTypedSignerKey(generateSignerKey('witness.test/w1', COSIGNATURE_V1), COSIGNATURE_V1),
    );

    it('reads a JSON list of witnesses with their cosignature/v1 verifier keys', () => {
      const witnesses = JSON.stringify([{ url: 'http://witness:3700', key }]);
      const env = loadProjectorEnvironment({ DATABASE_URL, LEDGER_WITNESSES: witnesses });
      expect(ledgerLogConfig(env).witnesses).toEqual([{ url: 'http://witness:3700', key }]);
    });

    it.each([
      ['not JSON', 'http://witness:3700'],
      ['a log key instead of a witness key', JSON.stringify([{ url: 'http://w', key: 'x+1+2' }])],
      ['no url', JSON.stringify([{ key }])],
    ])('refuses %s at start-up, naming the key', (_, value) => {
      expect(() => loadProjectorEnvironment({ DATABASE_URL, LEDGER_WITNESSES: value })).toThrow(
        /LEDGER_WITNESSES must be a JSON array/,
      );
    });
  });

  describe("the log's signing key", () => {
    it('is log-signing.key in LEDGER_DATA_DIR, not under the working directory', () => {
      const env = loadProjectorEnvironment({ DATABASE_URL, LEDGER_DATA_DIR: '/srv/ledger/data' });
      expect(ledgerLogConfig(env).signingKey).toEqual({
        file: '/srv/ledger/data/log-signing.key',
        source: 'LEDGER_DATA_DIR=/srv/ledger/data',
        inDataDir: true,
      });
    });

    it('is the same file the API reads for the same environment', () => {
      const env = { DATABASE_URL, LEDGER_DATA_DIR: '/srv/ledger/data' };
      expect(ledgerLogConfig(loadProjectorEnvironment(env)).signingKey).toEqual(
        ledgerLogConfig(loadApiEnvironment(env)).signingKey,
      );
    });

    it('is .data/log-signing.key, made absolute, when LEDGER_DATA_DIR is unset', () => {
      expect(ledgerLogConfig(loadProjectorEnvironment({ DATABASE_URL })).signingKey.file).toBe(
        path.resolve('.data', 'log-signing.key'),
      );
    });

    it('is LEDGER_LOG_SIGNING_KEY_FILE when set, whatever LEDGER_DATA_DIR says', () => {
      const env = loadProjectorEnvironment({
        DATABASE_URL,
        LEDGER_DATA_DIR: '/srv/ledger/data',
        LEDGER_LOG_SIGNING_KEY_FILE: '/run/secrets/log.key',
      });
      expect(ledgerLogConfig(env).signingKey).toEqual({
        file: '/run/secrets/log.key',
        source: 'LEDGER_LOG_SIGNING_KEY_FILE',
        inDataDir: false,
      });
    });
  });
});
