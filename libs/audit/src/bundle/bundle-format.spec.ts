import { jsonAroundLastArray, nestedJson } from './bundle-format';

/** A document written element by element comes out as the whole document stringified at once. */
describe('jsonAroundLastArray and nestedJson', () => {
  const head = {
    format: 'f',
    period: { from: 'a', to: 'b' },
    as_of: null,
    nested: { list: [1, { deep: ['x', []] }], empty: {} },
  };
  const elements = [
    { path: 'README.md', sha256: 'ab', bytes: 1, tags: ['a', 'b'], none: [] },
    { path: 'x/"quoted"\n', sha256: 'cd', bytes: 2, tags: [], none: {} },
    { path: 'ü😀', sha256: 'ef', bytes: 3, tags: [{ deep: [null] }], none: null },
  ];

  it.each([0, 1, 3])('gives the same bytes for %i elements', (count) => {
    const files = elements.slice(0, count);
    const whole = `${JSON.stringify({ ...head, files }, null, 2)}\n`;
    const text = jsonAroundLastArray({ ...head, files: [] });
    const pieced =
      count === 0
        ? text.empty
        : `${text.head}${files.map((file) => nestedJson(file, 2)).join(',\n')}${text.tail}`;
    expect(pieced).toBe(whole);
  });

  it('refuses a document whose last property is not an empty array', () => {
    expect(() => jsonAroundLastArray({ files: [], after: 1 })).toThrow('empty array');
  });
});
