/**
 * What the "what changed" view reads: a real file (Latin-1, Philips private tags, an undefined-length
 * sequence) rewritten with a set, a removal and an insertion shows exactly those three rows, the
 * text values as pydicom reads them, bulk pixel data never listed when it is unchanged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { diffDicom } from './diff.ts';
import { bytesSource, joinParts, parseDicom, rewriteDicom } from './index.ts';

const FILE = 'dcmjs/test/sample-dicom.dcm';
const skip = corpusUnavailable() ?? pydicomUnavailable();

test('a set, a removal and an insertion are the three rows; the before text is what pydicom reads', { skip }, () => {
  const path = join(corpusDir, FILE);
  const before = parseDicom(bytesSource(new Uint8Array(readFileSync(path))));
  const name = before.get(0x00100010);
  const institution = before.get(0x00080080);
  assert.ok(name !== undefined && institution !== undefined);
  const written = joinParts(rewriteDicom(before, [
    { op: 'set', element: name, value: new TextEncoder().encode('subj_TEST') },
    { op: 'remove', element: institution },
    { op: 'insert', tag: 0x00120062, vr: 'CS', value: new TextEncoder().encode('YES') },
  ]), before.source);
  const after = parseDicom(bytesSource(written));

  const changes = diffDicom(before, after);
  const [pyName, pyInstitution] = JSON.parse(pydicom('import json, sys, pydicom\nd = pydicom.dcmread(sys.argv[1])\nprint(json.dumps([str(d.PatientName), str(d.InstitutionName)]))', [path])) as [string, string];
  assert.deepEqual(changes.map((c) => [c.path, c.keyword, c.change, c.before, c.after]), [
    ['(0008,0080)', 'InstitutionName', 'removed', pyInstitution, ''],
    ['(0010,0010)', 'PatientName', 'changed', pyName, 'subj_TEST'],
    ['(0012,0062)', 'PatientIdentityRemoved', 'added', '', 'YES'],
  ]);
  // A file compared with itself differs nowhere.
  assert.deepEqual(diffDicom(after, parseDicom(bytesSource(written.slice()))), []);
});
