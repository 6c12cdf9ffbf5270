import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

/**
 * The extension points are tables the compiler checks: adding a decision rule or a sensor kind and
 * forgetting its table entry is a compile error, in the table's file and nowhere else. Each case
 * compiles the real sources with one file edited in memory (nothing is written to disk).
 */

const config = ts.getParsedCommandLineOfConfigFile(
  join(ROOT, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
)!;

interface Edit {
  file: string;
  /** Text found in the file, after which `insert` is placed. */
  after: string;
  insert: string;
}

let previous: ts.Program | undefined;

/** Compile errors of `roots` when each edit is applied in memory, as `file: message`. */
function compileErrors(roots: string[], edits: Edit[]): string[] {
  const edited = new Map<string, string>();
  for (const edit of edits) {
    const path = join(ROOT, edit.file);
    const text = edited.get(path) ?? ts.sys.readFile(path)!;
    const at = text.indexOf(edit.after);
    if (at < 0) throw new Error(`${edit.file} no longer contains ${JSON.stringify(edit.after)}`);
    const end = at + edit.after.length;
    edited.set(path, text.slice(0, end) + edit.insert + text.slice(end));
  }
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => edited.get(path) ?? readFile(path);
  const program = ts.createProgram(
    roots.map((root) => join(ROOT, root)),
    config.options,
    host,
    previous,
  );
  previous = program;
  // The files that read the kinds are checked (their imports are type-checked as far as they use them).
  return roots
    .flatMap((root) => {
      const source = program.getSourceFile(join(ROOT, root))!;
      return [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
    })
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map(
      (diagnostic) =>
        `${diagnostic.file ? relative(ROOT, diagnostic.file.fileName) : '?'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`,
    );
}

describe('adding to an extension point and forgetting its table is a compile error', () => {
  it('decision rules: a rule kind without an entry in RULES', () => {
    // What reads rule kinds: the rules, the charter loader, the engine, the service and the console.
    const roots = [
      'src/council/decision-rules.ts',
      // The council's entries in the act catalogue (a module augmentation the engine's readers rely on).
      'src/council/acts.ts',
      'src/council/charters.ts',
      'src/council/procedure-engine.ts',
      'src/council/council-service.ts',
      'src/web/views/CouncilView.tsx',
    ];
    const newKind: Edit = {
      file: 'src/council/decision-rules.ts',
      after: 'export interface RuleParams {\n',
      insert: "  'test-two-thirds-present': { exclude?: PartyRole[] };\n",
    };
    const errors = compileErrors(roots, [newKind]);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(/^src\/council\/decision-rules\.ts: /);
    expect(errors.join('\n')).toMatch(/Property '"test-two-thirds-present"' is missing/);

    const tableEntry: Edit = {
      file: 'src/council/decision-rules.ts',
      after: 'export const RULES: { [K in RuleKind]: Rule<K> } = {\n',
      insert: `  'test-two-thirds-present': {
    refusesVotes: null,
    takesObjections: false,
    needsDeadline: false,
    holdsUntilDeadline: false,
    describe: () => 'two thirds of those present',
    decide: (_spec, count) => count.result('not_adopted', 'test rule'),
  },\n`,
    };
    // With its table entry the new rule compiles: the table is the only place to add it.
    expect(compileErrors(roots, [newKind, tableEntry])).toEqual([]);
  }, 120_000);

  it('sensor kinds: a kind without a scanner in the simulator', () => {
    const roots = [
      'src/warning/sensor-model.ts',
      'src/warning/scenarios.ts',
      'src/warning/simulator.ts',
      'src/web/views/WarningView.tsx',
    ];
    const newKind: Edit = {
      file: 'src/warning/sensor-model.ts',
      after: 'export const SENSOR_SCHEMAS = {\n',
      insert:
        "  'test-acoustic': Type.Object({ ...common, kind: Type.Literal('test-acoustic') }),\n",
    };
    const errors = compileErrors(roots, [newKind]);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(/^src\/warning\/simulator\.ts: /);
    expect(errors.join('\n')).toMatch(/Property '"test-acoustic"' is missing/);

    const scanner: Edit = {
      file: 'src/warning/simulator.ts',
      after: 'const SCANNERS = {\n',
      insert: "  'test-acoustic': () => undefined,\n",
    };
    expect(compileErrors(roots, [newKind, scanner])).toEqual([]);
  }, 120_000);
});
