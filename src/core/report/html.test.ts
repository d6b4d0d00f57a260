/** The report pages escape every value, and draw any per-attribute count map report.json holds. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_ROWS, renderPrivateReportHtml, renderReportHtml, reportListsCollector } from './html.ts';

const hostile = '<img src=x onerror=alert(1)>"\'&';

const report = {
  status: 'partial',
  version: '1.0.0',
  files: { anonymized: 3, quarantined: 1 },
  riskFlags: { 'burned-in-annotation': 2 },
  options: { profile: 'basic', remove: [hostile] },
  nameReplacements: { StudyDescription: 4, [hostile]: 1 },
  // A shape a later version may add: counts per keyword and action.
  profileActions: { PatientBirthDate: { removed: 2 }, StudyDate: { shifted: 5, removed: 0 } },
  fileOutcomes: [{ input: 'input-0123', outcome: 'quarantined', reason: hostile, flags: ['cine'] }],
};

test('every value is escaped: no markup from report.json reaches the page', () => {
  for (const html of [renderReportHtml(report), renderPrivateReportHtml(report, { input: `/in/${hostile}`, privateDir: '/p', patients: [{ id: 'subj_1', name: hostile, sources: [{ path: hostile, files: 1 }], link: { status: 'manual', demographicsName: hostile } }], files: [] })]) {
    assert.doesNotMatch(html, /<img|onerror=alert\(1\)>/);
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;'));
  }
});

test('count maps are tables by shape: a map of numbers, and a map of such maps', () => {
  const html = renderReportHtml(report);
  assert.match(html, /<caption>Values where a name or patient id was replaced, by attribute<\/caption>.*<th scope="row">StudyDescription<\/th><td class="n">4<\/td>/s);
  assert.match(html, /<caption>Profile actions<\/caption><thead><tr><th scope="col">Attribute<\/th><th scope="col">Removed<\/th><th scope="col">Shifted<\/th>/);
  assert.match(html, /<th scope="row">StudyDate<\/th><td class="n">0<\/td><td class="n">5<\/td>/);
  assert.match(html, /<dt>Profile<\/dt><dd>basic<\/dd>/);
  assert.match(html, /1 did not and were set aside/);
});

test('a run stopped at a file it could not clean does not say that running again finishes it', () => {
  const atResidue = renderReportHtml({ ...report, status: 'stopped', files: { ...report.files, quarantined: 1 } });
  assert.match(atResidue, /Stopped at a file whose name could not be removed/);
  assert.doesNotMatch(atResidue, /start the run again to finish it/);
  const interrupted = renderReportHtml({ ...report, status: 'stopped', files: { ...report.files, quarantined: 0 } });
  assert.match(interrupted, /start the run again to finish it/);
});

test('a page lists at most PAGE_ROWS files per table and says how many more report.json or files.csv lists', () => {
  const many = Array.from({ length: PAGE_ROWS + 1500 }, (_, i) => ({ input: `input-${i}`, outcome: 'skipped', reason: 'corrupt DICOM', flags: i % 2 ? ['cine'] : undefined }));
  const html = renderReportHtml({ ...report, fileOutcomes: many });
  assert.equal(html.match(/<th scope="row">input-\d+<\/th><td>skipped<\/td>/g)?.length, PAGE_ROWS);
  assert.match(html, /1500 more not listed here: report\.json lists every one\./);
  assert.match(html, /250 more not listed here: report\.json lists every one\./, 'flagged: 1250, of which 1000 drawn');
  // Lists gathered a file at a time, as verify reads report.json, draw the very same page.
  const collector = reportListsCollector();
  for (const file of many) collector.add(file);
  assert.equal(renderReportHtml({ ...report, fileOutcomes: [] }, collector.lists), html);
  const files = many.map((f) => ({ input: `/in/${f.input}`, outcome: f.outcome, reason: f.reason, output: '' }));
  const page = renderPrivateReportHtml({ ...report, fileOutcomes: many }, { input: '/in', privateDir: '/p', patients: [], files });
  assert.match(page, /1500 more not listed here: files\.csv lists every one\./);
});
