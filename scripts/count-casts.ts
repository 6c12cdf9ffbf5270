/**
 * Counts the `as` casts in src/ (issue #15: at most a third of the 227 counted then): every
 * `x as T` and `<T>x` in src/**\/*.ts(x), `as const` excepted, test files and test helpers
 * (`*.test.ts`, `testing.ts`, `*.test-support.ts`, `testdata/`) excepted. `npm run count-casts` prints the total
 * and the files with the most; `-- --all` lists every file, `-- --list` every cast with its line, and
 * `-- --max N` fails (exit 1) when the count is over N: `npm run lint` runs it with the budget, so the
 * count cannot grow again unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const isTestFile = (path: string) =>
  /(\.test\.tsx?|\/testing\.ts|\.test-support\.ts)$|\/testdata\//.test(path);

const files = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
  .map((entry) => join(entry.parentPath, entry.name))
  .filter((path) => !isTestFile(path));

const listing = process.argv.includes('--list');

function castsIn(path: string): number {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const isConst =
        ts.isTypeReferenceNode(node.type) &&
        ts.isIdentifier(node.type.typeName) &&
        node.type.typeName.text === 'const';
      if (!isConst) {
        count++;
        if (listing) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          const text = node.getText().replace(/\s+/g, ' ');
          console.log(`${relative(ROOT, path)}:${line + 1}: ${text.slice(0, 160)}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return count;
}

const counts = files
  .map((path) => ({ file: relative(ROOT, path), casts: castsIn(path) }))
  .filter((entry) => entry.casts > 0)
  .sort((a, b) => b.casts - a.casts || a.file.localeCompare(b.file));
const total = counts.reduce((sum, entry) => sum + entry.casts, 0);
if (!listing)
  for (const entry of process.argv.includes('--all') ? counts : counts.slice(0, 15))
    console.log(`${String(entry.casts).padStart(4)}  ${entry.file}`);
console.log(
  `${total} casts in ${counts.length} of ${files.length} files under src/ (tests excluded)`,
);
const maxAt = process.argv.indexOf('--max');
if (maxAt >= 0) {
  const max = Number(process.argv[maxAt + 1]);
  if (!Number.isInteger(max)) throw new Error('--max takes a whole number');
  if (total > max) {
    console.error(
      `The cast budget is ${max} and src/ has ${total}: replace the new casts by a type that says it (docs/development.md, "as casts"), or lower nothing and raise the budget only with a reason.`,
    );
    process.exitCode = 1;
  }
}
