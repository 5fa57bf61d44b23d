import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const root = path.resolve(__dirname, '../..');

/** An id of docs/requirements.md: a document's prefix, then the rule's name (`SOC-GATES`). */
const REQUIREMENT_ID = /\b(?:OPS|FLOW|POL|SOC|API)-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b/g;

/**
 * A seed document cited the old way: by its file number (`002 §3.7`, `003's`, `(001, …)`,
 * `001 step 7`), or by the names `OPS-01` and `SOC2-CHG-001`. Numbers inside other tokens are
 * not citations: change ids (CHG-2026-001), exception ids, 0.001, 1,001, "200 000".
 */
const OLD_STYLE_CITATION =
  /(?<![\w.,\-–/])(?<!\d )00[1-4](?![\w\-–])|\b000\s?§|\bOPS-01\b|\bSOC2-CHG-001\b|\b[A-Z]+-[A-Z0-9-]+\s?[/,]\s?§\s?\d/;

const SCANNED_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.md', '.sql', '.yaml', '.yml']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', '.git']);

/**
 * Files whose comments may keep the old citations, each with the reason. Anything else that
 * cites a seed document cites it by id.
 */
export const OLD_STYLE_ALLOWED: Record<string, string> = {
  // The page that maps the old citations to ids.
  'docs/requirements.md': 'it maps each old citation to its id',
  // The seed policy's version is the hash of its text (libs/policy/src/policy-file.ts), so even a
  // comment edited there records a new policy version on every ledger that runs the seed.
  'config/policy.yaml': 'its text is hashed into the policy version',
};

/** Lines that may keep an old citation although their file may not, with the reason. */
const OLD_STYLE_ALLOWED_LINES: ReadonlyArray<readonly [file: string, line: string, why: string]> = [
  [
    'README.md',
    "### Walk through 004's example",
    'test/e2e/readme-walkthrough.e2e-spec.ts finds its section by this heading',
  ],
];

export interface Citation {
  file: string;
  line: number;
  text: string;
}

/** The ids docs/requirements.md defines: the first column of its tables. */
export function definedRequirementIds(markdown: string): string[] {
  return [...markdown.matchAll(/^\|\s*`([A-Z]+-[A-Z0-9-]+)`\s*\|/gm)].map((match) => match[1]!);
}

/** Each comment of a source file (or the whole prose of a Markdown one), with its first line. */
export function commentsOf(file: string, source: string): Array<{ line: number; text: string }> {
  const extension = path.extname(file);
  if (extension === '.md') {
    return source.split('\n').map((text, index) => ({ line: index + 1, text }));
  }
  if (extension === '.ts' || extension === '.js' || extension === '.mjs') {
    return scriptComments(source);
  }
  const marker = extension === '.sql' ? /--(.*)$/ : /(?:^|\s)#(.*)$/;
  return source.split('\n').flatMap((text, index) => {
    const match = marker.exec(withoutQuotedStrings(text));
    return match ? [{ line: index + 1, text: match[1]! }] : [];
  });
}

/**
 * Comments only, as the TypeScript parser tells them from strings, template literals and regular
 * expressions: the comment ranges before and after every token of the file.
 */
function scriptComments(source: string): Array<{ line: number; text: string }> {
  const file = ts.createSourceFile('scanned.ts', source, ts.ScriptTarget.Latest, false);
  const ranges = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const range of [
      ...(ts.getLeadingCommentRanges(source, node.getFullStart()) ?? []),
      ...(ts.getTrailingCommentRanges(source, node.getEnd()) ?? []),
    ]) {
      ranges.set(range.pos, range);
    }
    node.getChildren(file).forEach(visit);
  };
  visit(file);
  return [...ranges.values()].flatMap((range) => {
    const line = file.getLineAndCharacterOfPosition(range.pos).line + 1;
    return source
      .slice(range.pos, range.end)
      .split('\n')
      .map((text, offset) => ({ line: line + offset, text }));
  });
}

/** A YAML or SQL line with its quoted strings blanked, so a `#` or `--` inside one is not a comment. */
function withoutQuotedStrings(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, (quoted) => ' '.repeat(quoted.length));
}

/** Text quoted as a literal (`…`) is what a program prints or takes, not a citation. */
function withoutCodeSpans(text: string): string {
  return text.replace(/`[^`\n]*`/g, '');
}

/** The requirement ids a file's comments cite. */
export function citedIds(file: string, source: string): Citation[] {
  return commentsOf(file, source).flatMap(({ line, text }) =>
    [...text.matchAll(REQUIREMENT_ID)].map((match) => ({ file, line, text: match[0] })),
  );
}

/** The comments of a file that still cite a seed document the old way. */
export function oldStyleCitations(file: string, source: string): Citation[] {
  if (file in OLD_STYLE_ALLOWED) return [];
  return commentsOf(file, source)
    .filter(({ text }) => OLD_STYLE_CITATION.test(withoutCodeSpans(text)))
    .filter(
      ({ text }) =>
        !OLD_STYLE_ALLOWED_LINES.some(
          ([allowedFile, allowed]) => allowedFile === file && text === allowed,
        ),
    )
    .map(({ line, text }) => ({ file, line, text: text.trim() }));
}

/** Every scanned file of the repository, relative to its root. */
export function repositoryFiles(directory = root): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory())
      return SKIPPED_DIRECTORIES.has(entry.name) ? [] : repositoryFiles(full);
    const scanned =
      SCANNED_EXTENSIONS.has(path.extname(entry.name)) || entry.name === '.prettierignore';
    return scanned ? [path.relative(root, full).split(path.sep).join('/')] : [];
  });
}

export function read(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}
