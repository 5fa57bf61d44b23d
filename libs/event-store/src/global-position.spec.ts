import { InvalidPositionError } from './event-store.errors';
import { comparePositions, formatPosition, parsePosition } from './global-position';

describe('global positions', () => {
  it('order by commit first, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 1n })).toBe(0);
  });

  it('round-trip through their text form, beyond the safe-integer range', () => {
    const position = { commit: 18446744073709551615n, prepare: 9007199254740993n };
    expect(formatPosition(position)).toBe('18446744073709551615/9007199254740993');
    expect(parsePosition(formatPosition(position))).toEqual(position);
  });

  it.each(['', '12', '1/2/3', '-1/2', 'a/b', ' 1/2'])('refuse %j as a position', (text) => {
    expect(() => parsePosition(text)).toThrow(InvalidPositionError);
  });
});
