/**
 * plan.json in the private dir: the dry run's plan, names included (it never leaves the private
 * dir). Written a slice of files at a time: a plan of millions of files is larger than the longest
 * string JavaScript holds. The text is JSON.stringify(plan, null, 2)'s, and atomic like the others.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import type { PreparedRun } from '../run/prepare.ts';
import { privatePaths } from './private-dir.ts';

const SLICE = 10_000;

export function writePlanFile(prepared: PreparedRun): void {
  const path = privatePaths(prepared.paths.privateDir).plan;
  const files = prepared.tasks.map((task) => ({ input: task.ref, output: task.out, patient: task.patientId }));
  const head = JSON.stringify({ ...prepared.plan, files: [] }, null, 2);
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    const write = (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    };
    if (files.length === 0) write(`${head}\n`);
    else {
      // head ends with `"files": []\n}`: the array is opened there and its items follow.
      write(`${head.slice(0, head.length - '[]\n}'.length)}[\n`);
      for (let start = 0; start < files.length; start += SLICE) {
        const slice = files.slice(start, start + SLICE).map((file) => `    ${JSON.stringify(file, null, 2).replaceAll('\n', '\n    ')}`);
        write(`${slice.join(',\n')}${start + SLICE < files.length ? ',\n' : '\n'}`);
      }
      write('  ]\n}\n');
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
