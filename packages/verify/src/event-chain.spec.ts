import { canonicalJson, eventHash, parseEventLine, StreamChain } from './event-chain';
import { chainedEvents } from './testing/fixtures';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and writes numbers and strings as ECMAScript does', () => {
    // RFC 8785 §3.2.3's sorting example and §3.2.2.3's numbers.
    const parsed = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    const sorted = [
      ['\r', 'Carriage Return'],
      ['1', 'One'],
      ['\u0080', 'Control'],
      ['\u00f6', 'Latin Small Letter O With Diaeresis'],
      ['\u20ac', 'Euro Sign'],
      ['\ud83d\ude00', 'Emoji: Grinning Face'],
      ['\ufb33', 'Hebrew Letter Dalet With Dagesh'],
    ];
    expect(canonicalJson(parsed)).toBe(
      `{${sorted.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`,
    );
    expect(
      canonicalJson(JSON.parse('[1E30, 4.50, 2e-3, 0.000001, 1e-7, -0, 333333333.33333329]')),
    ).toBe('[1e+30,4.5,0.002,0.000001,1e-7,0,333333333.3333333]');
    expect(canonicalJson({ b: [true, null, 'é\u2028'], a: { d: 1, c: 2 } })).toBe(
      '{"a":{"c":2,"d":1},"b":[true,null,"é\u2028"]}',
    );
  });

  it('refuses a number with no canonical form', () => {
    expect(() => canonicalJson(JSON.parse('[1e400]'))).toThrow(TypeError);
  });
});

describe('StreamChain', () => {
  const events = chainedEvents('change-request-CHG-2026-001', [
    { type: 'ChangeRequestCreated', data: { title: 'a' } },
    { type: 'ChangeRequestSubmitted', data: {} },
    { type: 'ChangeApproved', data: { role: 'qa' } },
  ]);
  const run = (list: typeof events) => {
    const chain = new StreamChain('change-request-CHG-2026-001');
    return list.map((event) => chain.next(event));
  };

  it('passes a stream as stored, read back from its lines', () => {
    expect(run(events.map((event) => parseEventLine(JSON.stringify(event))))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names the first event that is altered, out of place or re-linked', () => {
    expect(run([events[0]!, { ...events[1]!, data: { x: 1 } }])[1]).toBe('content_altered');
    expect(run([events[0]!, events[2]!])[1]).toBe('revision_gap');
    const relinked = {
      ...events[1]!,
      integrity: { ...events[1]!.integrity, prevHash: '1'.repeat(64) },
    };
    expect(
      run([
        events[0]!,
        { ...relinked, integrity: { ...relinked.integrity, hash: eventHash(relinked) } },
      ])[1],
    ).toBe('chain_broken');
  });

  it('hashes the recorded time the store states, and only then', () => {
    const { recordedAt: _recordedAt, ...without } = events[0]!.integrity;
    expect(eventHash({ ...events[0]!, integrity: without })).not.toBe(events[0]!.integrity.hash);
  });

  it.each([
    ['{"id":1}', 'id is not a string'],
    ['[]', 'the line is not a JSON object'],
    [JSON.stringify({ ...events[0], position: '12' }), 'position is not <commit>/<prepare>'],
    [JSON.stringify({ ...events[0], integrity: null }), 'integrity is not an object'],
  ])('refuses the line %s: %s', (line, reason) => {
    expect(() => parseEventLine(line)).toThrow(reason);
  });
});
