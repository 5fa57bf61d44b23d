import { DatabaseError } from 'pg';
import { EventStoreUnavailableError } from '../event-store.errors';
import { translatePostgresError } from './postgres-errors';

function databaseError(code: string): DatabaseError {
  const error = new DatabaseError('failed', 0, 'error');
  error.code = code;
  return error;
}

describe('translatePostgresError', () => {
  describe('when the database cannot be reached or the connection died', () => {
    it.each([
      [
        'a refused connection',
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      ],
      ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
      ['a terminated connection', new Error('Connection terminated unexpectedly')],
      [
        'a client pg will not use again after a restart',
        new Error('Client has encountered a connection error and is not queryable'),
      ],
      [
        'a pool that could not connect in time',
        new Error('timeout exceeded when trying to connect'),
      ],
      ['an administrator shutdown (57P01)', databaseError('57P01')],
      ['a connection failure (08006)', databaseError('08006')],
      ['too many connections (53300)', databaseError('53300')],
      ['a write on a server demoted to a standby (25006)', databaseError('25006')],
    ])('makes %s transient', (_name, error) => {
      expect(translatePostgresError(error)).toBeInstanceOf(EventStoreUnavailableError);
    });
  });

  describe('when the statement itself failed', () => {
    it.each([
      ['a unique violation', databaseError('23505')],
      ['a syntax error', databaseError('42601')],
      ['a plain bug', new TypeError('x is undefined')],
    ])('passes %s through unchanged', (_name, error) => {
      expect(translatePostgresError(error)).toBe(error);
    });
  });
});
