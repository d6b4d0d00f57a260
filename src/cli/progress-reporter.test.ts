import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReporter, describeProgress } from './progress-reporter.ts';

const progress = (done: number, total = 100) => ({ phase: 'write' as const, done, total, filesPerSecond: 42.4, etaSeconds: (total - done) / 42.4, currentPatient: 'subj_ABC' });

describe('progress on stderr', () => {
  it('says files done, rate, ETA and the patient id', () => {
    assert.equal(describeProgress(progress(58)), 'Anonymizing: 58/100 files (58%), 42 files/s, ETA 00:01, subj_ABC');
    assert.equal(describeProgress({ ...progress(100), etaSeconds: undefined }), 'Anonymizing: 100/100 files (100%), 42 files/s, subj_ABC');
    assert.equal(describeProgress({ ...progress(37, 37), phase: 'scan' }), 'Reading headers: 37 files');
  });

  it('redraws one bar line on a terminal, at most ten times a second, and ends on a new line', () => {
    let text = '';
    let now = 0;
    const append = (chunk: string) => {
      text += chunk;
    };
    const reporter = createReporter({ stderr: append, stderrIsTTY: true, columns: 100, now: () => now });
    for (let done = 1; done <= 100; done++) {
      now += 5;
      reporter.onProgress(progress(done));
    }
    reporter.finish();
    const draws = text.split('\r').length - 1;
    assert.ok(draws >= 5 && draws <= 10, `${draws} redraws`);
    assert.match(text, /\[#{30}\] Anonymizing: 100\/100/);
    assert.ok(text.endsWith('\n'));
    assert.equal(text.split('\n').length, 2);
  });

  it('writes plain lines every 10% when stderr is not a terminal, logs on their own lines', () => {
    const lines: string[] = [];
    const reporter = createReporter({ stderr: (t) => lines.push(t), stderrIsTTY: false, now: () => 0 });
    for (let done = 1; done <= 100; done++) reporter.onProgress(progress(done));
    reporter.onLog({ level: 'warn', message: 'something to know' });
    assert.equal(lines.filter((l) => l.startsWith('Anonymizing')).length, 11);
    assert.ok(lines.every((l) => l.endsWith('\n') && !l.includes('\r')));
    assert.equal(lines.at(-1), 'warn: something to know\n');
  });
});
