/** Live progress of a run: a progress bar, files done/total, files/s, time left, current patient. */
import type { RunProgress } from '../api-types.ts';
import { h } from './dom.ts';
import { formatDuration, plural } from './words.ts';

const PHASES: Record<RunProgress['phase'], string> = {
  scan: 'Reading headers',
  write: 'Writing and verifying',
  verify: 'Verifying',
};

export interface ProgressView {
  element: HTMLElement;
  update(progress: RunProgress | undefined): void;
  /** The run ended before its end: the counts stay, the speed and time left go. */
  halt(word: string): void;
}

/** The screen-reader line is rewritten at most this often, so it is not read out on every file. */
const ANNOUNCE_MS = 5000;

/**
 * A progress view; `prefix` keeps the ids of the preview's and the run's views apart, and `label`
 * names the bar (each bar on the page has its own name, said once).
 */
export function renderProgress(prefix: string, label: string): ProgressView {
  const bar = h('progress', { id: `${prefix}-progress`, max: '1', value: '0' });
  // The bar itself tells assistive technology its value: the digits beside it are for the eye.
  const percent = h('span', { id: `${prefix}-percent`, 'aria-hidden': 'true' }, '0%');
  const detail = h('p', { id: `${prefix}-detail` }, 'Starting…');
  const announce = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  let lastAnnounce = 0;
  let last: RunProgress | undefined;
  const element = h('div', {},
    h('div', { class: 'progress-row' }, h('label', { for: `${prefix}-progress` }, label), bar, percent),
    detail, announce);
  return {
    element,
    update(progress) {
      if (progress === undefined) return;
      last = progress;
      if (progress.phase === 'scan') {
        // The scan counts files as it finds them: there is no total yet, so no percentage.
        bar.removeAttribute('value');
        percent.textContent = '';
        detail.textContent = `${PHASES.scan}: ${plural(progress.done, 'file')} found so far`;
        return;
      }
      const ratio = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
      bar.max = 1;
      bar.value = ratio;
      percent.textContent = `${Math.floor(ratio * 100)}%`;
      const parts = [
        `${PHASES[progress.phase]}: ${progress.done.toLocaleString('en')} of ${plural(progress.total, 'file')}`,
        `${progress.filesPerSecond.toFixed(progress.filesPerSecond < 10 ? 1 : 0)} files/s`,
        `time left: ${formatDuration(progress.etaSeconds)}`,
      ];
      if (progress.currentPatient !== undefined) parts.push(`patient ${progress.currentPatient}`);
      detail.textContent = parts.join(' · ');
      const now = Date.now();
      if (now - lastAnnounce > ANNOUNCE_MS || ratio === 1) {
        lastAnnounce = now;
        announce.textContent = `${Math.floor(ratio * 100)}% done`;
      }
    },
    halt(word) {
      if (last === undefined || last.phase === 'scan') {
        bar.max = 1;
        bar.value = 0;
        percent.textContent = '';
        detail.textContent = `${word} before any file was written.`;
      } else detail.textContent = `${word}: ${last.done.toLocaleString('en')} of ${plural(last.total, 'file')} written and verified.`;
      announce.textContent = detail.textContent;
    },
  };
}
