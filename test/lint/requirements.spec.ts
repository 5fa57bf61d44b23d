import {
  type Citation,
  citedIds,
  definedRequirementIds,
  oldStyleCitations,
  read,
  repositoryFiles,
} from './requirement-citations';

const where = (citations: Citation[]) =>
  citations.map(({ file, line, text }) => `${file}:${line} ${text}`);

/**
 * Comments and docs cite the seed documents' rules by the ids of docs/requirements.md (issue 27):
 * an id that page does not define, or a section cited the old way (`002 §3.7`), is a citation a
 * reader cannot follow.
 */
describe('requirement citations', () => {
  const defined = definedRequirementIds(read('docs/requirements.md'));
  const files = repositoryFiles();

  it('defines each id once', () => {
    expect(defined.length).toBeGreaterThan(40);
    expect(defined.filter((id, index) => defined.indexOf(id) !== index)).toEqual([]);
  });

  it('cites only ids docs/requirements.md defines', () => {
    const known = new Set(defined);
    const unknown = files.flatMap((file) =>
      citedIds(file, read(file)).filter((citation) => !known.has(citation.text)),
    );
    expect(where(unknown)).toEqual([]);
  });

  it('cites no seed document by its section number in a comment or doc', () => {
    const old = files.flatMap((file) => oldStyleCitations(file, read(file)));
    expect(where(old)).toEqual([]);
  });

  describe('the check itself', () => {
    const known = new Set(defined);
    const unknownIn = (file: string, source: string) =>
      citedIds(file, source)
        .filter((citation) => !known.has(citation.text))
        .map((citation) => citation.text);

    it('finds a made-up id in a comment, a doc, a YAML or SQL comment', () => {
      expect(
        unknownIn('libs/x.ts', '/** POL-SOD and POL-MADE-UP. */\nexport const x = 1;\n'),
      ).toEqual(['POL-MADE-UP']);
      expect(unknownIn('docs/x.md', 'As SOC-GATES and SOC-NO-SUCH-RULE say.\n')).toEqual([
        'SOC-NO-SUCH-RULE',
      ]);
      expect(unknownIn('config/x.yaml', 'a: "#1" # FLOW-NOWHERE\n')).toEqual(['FLOW-NOWHERE']);
      expect(unknownIn('libs/x.sql', "SELECT '--'; -- API-NOWHERE\n")).toEqual(['API-NOWHERE']);
    });

    it('finds an old-style citation in a comment, not in a string users read', () => {
      const source = [
        '// 002 §3.7: the author never approves.',
        "throw new Error('below the 12-month floor (002 §3.5)');",
        "/** 004's approve, 001 step 7, OPS-01 and SOC2-CHG-001. */",
        'const url = `https://example.test/${x}//003 §5`;',
        'const id = /CHG-\\d{4}-001/; // CHG-2026-003 and 0.001 are not seeds',
      ].join('\n');
      expect(oldStyleCitations('libs/x.ts', source).map(({ line }) => line)).toEqual([1, 3]);
    });

    it('finds a section left over from a combined citation', () => {
      expect(oldStyleCitations('libs/x.ts', '// SOC-CATEGORIES/§4/§5\n')).toHaveLength(1);
    });
  });
});
