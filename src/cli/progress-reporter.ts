/**
 * Progress and logs on stderr: a redrawn bar with files/s and ETA when stderr is a terminal,
 * plain timestamped-free lines otherwise (logs, CI), so piped output stays readable.
 */
import type { RunHooks, RunProgress } from '../node/run/index.ts';

export interface ReporterIo {
  stderr(text: string): void;
  stderrIsTTY: boolean;
  /** Terminal width; the bar never wraps. */
  columns?: number;
  now?(): number;
}

const PHASE_WORDS: Record<RunProgress['phase'], string> = { scan: 'Reading headers', write: 'Anonymizing', verify: 'Verifying' };

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const hours = Math.floor(minutes / 60);
  const mm = String(minutes % 60).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One line describing a progress event, without the bar. */
export function describeProgress(p: RunProgress): string {
  // Headers are read before the number of files is known: count, no percentage.
  if (p.phase === 'scan') return `${PHASE_WORDS.scan}: ${p.done} files`;
  const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  const rate = p.filesPerSecond > 0 ? `, ${p.filesPerSecond.toFixed(p.filesPerSecond < 10 ? 1 : 0)} files/s` : '';
  const eta = p.done >= p.total ? '' : `, ETA ${formatEta(p.etaSeconds)}`;
  const patient = p.currentPatient ? `, ${p.currentPatient}` : '';
  return `${PHASE_WORDS[p.phase]}: ${p.done}/${p.total} files (${percent}%)${rate}${eta}${patient}`;
}

/** Hooks that draw progress and logs on stderr; `finish()` leaves the terminal on a clean line. */
export function createReporter(io: ReporterIo): Required<Pick<RunHooks, 'onProgress' | 'onLog'>> & { finish(): void } {
  const now = io.now ?? (() => Date.now());
  let barShown = false;
  let lastDraw = 0;
  let lastPhase: RunProgress['phase'] | undefined;
  let lastPlainPercent = -1;

  const clearBar = () => {
    if (barShown) io.stderr('\r\x1b[2K');
    barShown = false;
  };

  const drawBar = (p: RunProgress) => {
    const width = Math.max(40, io.columns ?? 80);
    const text = describeProgress(p);
    const barWidth = Math.max(10, Math.min(30, width - text.length - 4));
    const filled = p.total > 0 ? Math.round((barWidth * p.done) / p.total) : barWidth;
    const line = p.phase === 'scan' ? text : `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${text}`;
    io.stderr(`\r\x1b[2K${line.slice(0, width - 1)}`);
    barShown = true;
  };

  return {
    onProgress(p) {
      const t = now();
      if (io.stderrIsTTY) {
        // A redraw per file would cost more than the file at thousands of files per second.
        if (p.phase === lastPhase && p.done < p.total && t - lastDraw < 100) return;
        lastDraw = t;
        lastPhase = p.phase;
        drawBar(p);
        return;
      }
      const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
      const phaseChanged = p.phase !== lastPhase;
      const step = percent - lastPlainPercent >= 10 || (p.done === p.total && percent !== lastPlainPercent);
      if (!phaseChanged && !step && t - lastDraw < 5000) return;
      lastPhase = p.phase;
      lastPlainPercent = phaseChanged ? percent - (percent % 10) : percent;
      lastDraw = t;
      io.stderr(`${describeProgress(p)}\n`);
    },
    onLog(e) {
      clearBar();
      const label = e.level === 'info' ? '' : `${e.level}: `;
      io.stderr(`${label}${e.message}\n`);
    },
    finish() {
      if (barShown) io.stderr('\n');
      barShown = false;
    },
  };
}
