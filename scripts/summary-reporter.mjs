// A web-test-runner reporter that ends the run with one plain line, `label: N passed, N failed, N skipped`, after
// the default reporter's progress bars: a line CI and people can read without parsing the bars. A test file that
// failed before running any test (an import error, a browser that never finished) counts as one failed test.

function count(suite, totals) {
  if (!suite) return;
  for (const test of suite.tests) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite.suites) count(child, totals);
}

export function summaryReporter(label) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.passed + totals.failed + totals.skipped;
        count(session.testResults, totals);
        const ran = totals.passed + totals.failed + totals.skipped - before;
        if (!session.passed && (ran === 0 || session.errors.length)) totals.failed++;
      }
      // After the default reporter's last repaint.
      setTimeout(() => console.log(`${label}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`));
    },
  };
}
