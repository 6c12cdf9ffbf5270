import type { Reporter, TestModule } from 'vitest/node';

/** Prints one closing line `N passed, N failed, N skipped` that CI reads, on process exit so it is last. */
export default class SummaryReporter implements Reporter {
  private line = '';

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const mod of testModules) {
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed += 1;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    this.line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
    process.once('exit', () => process.stdout.write(`\n${this.line}\n`));
  }
}
