import canonicalize from 'canonicalize';
import { inspectJson } from './json-limits';

describe('inspectJson', () => {
  describe('when the document is ordinary', () => {
    it('finds nothing, in pairs of surrogates and deep-enough objects alike', () => {
      expect(
        inspectJson({ title: 'Ünïcode 😀', steps: ['a', 'b'], nested: { a: { b: 1 } } }),
      ).toEqual([]);
    });
  });

  describe('when the document is hostile', () => {
    it('names a nesting too deep without recursing into it', () => {
      let deep: unknown = 'bottom';
      for (let level = 0; level < 10_000; level++) deep = [deep];
      expect(inspectJson({ a: deep })).toEqual([
        { field: `body.a${'[0]'.repeat(31)}`, reason: 'nests deeper than 32 levels' },
      ]);
    });

    it('names an array too long and a document with too many values', () => {
      expect(inspectJson({ steps: Array(300_000).fill(1) })).toEqual([
        { field: 'body.steps', reason: 'has more than 1000 elements' },
      ]);
      const wide = Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`k${i}`, Array(900).fill(0)]),
      );
      expect(inspectJson(wide)).toEqual([
        { field: 'body', reason: 'holds more than 20000 values' },
      ]);
    });

    it('names a lone surrogate, a NUL and a reserved key, each by its path', () => {
      const problems = inspectJson(
        JSON.parse('{"title":"\\ud800","steps":["ok","a\\u0000b"],"__proto__":{}}'),
      );
      expect(problems).toHaveLength(3);
      expect(problems).toEqual(
        expect.arrayContaining([
          { field: 'body.title', reason: 'holds a lone surrogate (not valid Unicode)' },
          { field: 'body.steps[1]', reason: 'holds a NUL character' },
          { field: 'body.__proto__', reason: 'is not a field the ledger takes' },
        ]),
      );
    });

    it('names a number that overflows to Infinity, either way, by its path (canonicalize throws on it)', () => {
      const problems = inspectJson(
        JSON.parse('{"reason":1e309,"sizes":[1,-1e309],"ok":1.7976931348623157e308}'),
      );
      expect(problems).toEqual([
        {
          field: 'body.reason',
          reason: expect.stringContaining('too large for JSON (it overflows to Infinity)'),
        },
        {
          field: 'body.sizes[1]',
          reason: expect.stringContaining('too large for JSON (it overflows to -Infinity)'),
        },
      ]);
    });

    it('refuses every value the RFC 8785 encoder throws on', () => {
      for (const value of [Infinity, -Infinity, NaN]) {
        expect(() => canonicalize({ value })).toThrow();
        expect(inspectJson({ value })).toEqual([
          { field: 'body.value', reason: expect.any(String) },
        ]);
      }
    });
  });
});
