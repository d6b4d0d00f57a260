/**
 * Test-only crash points: `DICOMVEIL_TEST_KILL_AT=<point>:<n>` kills the process with SIGKILL the
 * n-th time the run reaches `<point>`, so resume tests can stop a run exactly between two steps
 * (temp written but not renamed, renamed but not journalled, before report.json…).
 */

export type KillPoint = 'after-scan' | 'after-temp' | 'after-rename' | 'after-journal' | 'before-report';

const setting = process.env.DICOMVEIL_TEST_KILL_AT;
const [wantedPoint, wantedCount] = setting ? [setting.split(':')[0], Number(setting.split(':')[1] ?? '1')] : [undefined, 0];
let reached = 0;

/** Marks that the run reached `point`; dies there when the environment asks for it. */
export function killPoint(point: KillPoint): void {
  if (wantedPoint !== point) return;
  reached += 1;
  if (reached >= wantedCount) process.kill(process.pid, 'SIGKILL');
}
