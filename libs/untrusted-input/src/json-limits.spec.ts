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
  });
});
