/**
 * The page's steps: choose folders, options, Preview (the dry run) with link review, Start, live
 * progress, result. State lives on the server; the page follows it through server-sent events,
 * so a reload mid-run shows the run.
 */
import type { OptionProblem } from '../../core/options/schema.ts';
import type { ProfileAnswer, ResultAnswer, RunPlan, RunSummary, SchemaAnswer, Snapshot } from '../api-types.ts';
import { ApiError, followEvents, getJson, postJson } from './api.ts';
import { fill, h } from './dom.ts';
import { buildOptionsForm, type OptionsForm } from './form.ts';
import { fieldMessage, plainWords } from './plain-words.ts';
import { type PreviewView, renderPreview } from './preview.ts';
import { profileTableView } from './profile-table.ts';
import { renderProgress } from './progress.ts';
import { renderResult } from './result.ts';
import { enhanceReview, type ReviewTable } from './review-table.ts';

function section(id: string, title: string, ...body: (Node | null)[]): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title`, tabindex: '-1' }, title), ...body);
}

function reveal(element: HTMLElement): void {
  element.hidden = false;
  const heading = element.querySelector('h2') as HTMLElement | null;
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

function message(error: unknown): string {
  return plainWords(error instanceof Error ? error.message : String(error));
}

function problemsOf(error: unknown): OptionProblem[] | undefined {
  return error instanceof ApiError ? (error.body as { errors?: OptionProblem[] }).errors : undefined;
}

/** The status line under the progress once a run has ended, in agreement with the result below it. */
const STATUS_WORDS: Record<RunSummary['status'], string> = {
  complete: 'Done.',
  partial: 'Done, with problems (see the result).',
  stopped: 'Stopped.',
  refused: 'Not run (see the result).',
};

async function boot(): Promise<void> {
  const schema = await getJson<SchemaAnswer>('/api/schema');
  const form: OptionsForm = buildOptionsForm(schema.specs);
  const formErrors = h('div', { id: 'form-errors', class: 'error-summary', role: 'alert' });
  const planBox = h('div', { id: 'plan' });
  const planProgress = renderProgress('plan', 'Reading headers');
  const linksStatus = h('p', { id: 'links-status', role: 'status' });
  const runProgress = renderProgress('run', 'Anonymizing');
  const runStatus = h('p', { id: 'run-status', role: 'status' });
  const logList = h('ul', { id: 'log', class: 'log' });
  const resultBox = h('div', { id: 'result-box' });
  let preview: PreviewView | undefined;
  let reviewTable: ReviewTable | undefined;
  /** The options the plan on screen was made with: Start runs those, and only those. */
  let previewed: string | undefined;
  let busy = false;

  const previewButton = h('button', { type: 'submit', id: 'preview-button', class: 'primary' }, 'Preview');
  const saveButton = h('button', { type: 'button', id: 'save-links' }, 'Save link choices');
  const startButton = h('button', { type: 'button', id: 'start-button', class: 'primary' }, 'Start');
  const stopButton = h('button', { type: 'button', id: 'stop-button' }, 'Stop');
  const cancelPreview = h('button', { type: 'button', id: 'cancel-preview', onclick: () => void postJson('/api/stop', {}) }, 'Cancel preview');
  const againButton = h('button', { type: 'button', id: 'again-button' }, 'Back to the form');
  const showLast = h('button', { type: 'button', id: 'show-last-result', class: 'link' }, 'Show the last run\u2019s result');
  const lastResult = h('p', { id: 'last-result', hidden: true }, 'A run finished before this page was opened. ', showLast);
  const staleNote = h('p', { id: 'stale-note', class: 'status warn', hidden: true },
    'You changed the folders or options since this preview. Press Preview again to see the plan that will run; Start waits until then.');

  const review = section('step-review', '3. Review patients and links',
    h('div', { id: 'plan-progress' }, planProgress.element, cancelPreview), planBox,
    h('p', { class: 'help' }, 'Confirm a link, pick another row, or choose "No demographics row". Choices are saved to links.csv in the private folder and used by every later run. '
      + 'A distance of 0 means the same name; names are matched up to the Distance option (0.2 by default).'),
    staleNote, h('div', { class: 'actions' }, saveButton, startButton), linksStatus);
  const run = section('step-run', '4. Anonymizing', runProgress.element, h('div', { class: 'actions' }, stopButton), runStatus,
    h('details', {}, h('summary', {}, 'Messages'), logList));
  const result = section('step-result', '5. Result', resultBox, h('div', { class: 'actions' }, againButton));
  review.hidden = true;
  run.hidden = true;
  result.hidden = true;

  const profileBox = h('div', { id: 'profile-now', 'aria-live': 'polite' });
  const showProfile = async () => {
    try {
      const answer = await postJson<ProfileAnswer>('/api/profile', { options: form.read() });
      form.showProblems([]);
      fill(profileBox, profileTableView(answer.profile, 'profile-table-now', true));
    } catch (error) {
      fill(profileBox);
      showProblems(problemsOf(error), message(error));
    }
  };
  const profileButton = h('button', { type: 'button', id: 'show-profile', onclick: () => void showProfile() }, 'Show what each attribute becomes');

  const formElement = h('form', { id: 'options-form', novalidate: true },
    section('step-files', '1. Choose the folders', form.paths),
    section('step-options', '2. Options', form.profile,
      h('div', { class: 'actions' }, profileButton), profileBox,
      h('details', {}, h('summary', {}, 'More options (the defaults suit most studies)'), form.more)),
    formErrors,
    h('div', { class: 'actions' }, previewButton));
  fill(document.getElementById('main') as HTMLElement, lastResult, formElement, review, run, result);

  const isStale = () => previewed === undefined || JSON.stringify(form.read()) !== previewed;
  const updateButtons = () => {
    const stale = isStale();
    previewButton.disabled = busy;
    saveButton.disabled = busy || stale;
    startButton.disabled = busy || stale;
    staleNote.hidden = !stale || review.hidden || preview === undefined;
  };
  formElement.addEventListener('input', updateButtons);
  formElement.addEventListener('change', updateButtons);

  const showProblems = (problems: OptionProblem[] | undefined, fallback?: string) => {
    form.showProblems(problems ?? []);
    if (problems !== undefined && problems.length > 0) fill(formErrors, h('p', {}, 'Please correct:'), h('ul', {}, problems.map((p) => h('li', {}, fieldMessage(p)))));
    else fill(formErrors, fallback === undefined ? null : h('p', {}, fallback));
  };

  const doPreview = async () => {
    showProblems([]);
    const check = await postJson<{ errors: OptionProblem[] }>('/api/validate', { options: form.read() });
    if (check.errors.length > 0) return showProblems(check.errors);
    const options = form.read();
    // A new plan replaces whatever an earlier run left on screen.
    run.hidden = true;
    result.hidden = true;
    previewed = undefined;
    preview = undefined;
    previewButton.disabled = true;
    fill(planBox, h('p', {}, 'Reading the headers of every file (no file is written)…'));
    planProgress.element.hidden = false;
    cancelPreview.hidden = false;
    reveal(review);
    try {
      const answer = await postJson<{ plan: RunPlan }>('/api/preview', { options });
      preview = renderPreview(answer.plan);
      previewed = JSON.stringify(options);
      fill(planBox, preview.element);
      const table = preview.element.querySelector('#plan-table') as HTMLTableElement | null;
      reviewTable = table === null ? undefined : enhanceReview(table);
      if (reviewTable !== undefined) table?.closest('.table-wrap')?.before(reviewTable.controls);
    } catch (error) {
      fill(planBox);
      review.hidden = true;
      showProblems(problemsOf(error), message(error));
    } finally {
      planProgress.element.hidden = true;
      cancelPreview.hidden = true;
      updateButtons();
    }
  };

  const saveChoices = async (): Promise<boolean> => {
    const choices = preview?.choices() ?? [];
    if (choices.length === 0) return false;
    const saved = await postJson<{ path: string; saved: number }>('/api/links', { options: form.read(), choices });
    linksStatus.textContent = `${saved.saved} link choice${saved.saved === 1 ? '' : 's'} saved to ${saved.path}.`;
    return true;
  };

  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    void doPreview();
  });
  saveButton.addEventListener('click', async () => {
    try {
      if (await saveChoices()) {
        await doPreview();
        linksStatus.focus();
      } else linksStatus.textContent = 'Nothing to save: change a row or tick "Confirm" first.';
    } catch (error) {
      linksStatus.textContent = message(error);
    }
  });
  startButton.addEventListener('click', async () => {
    // Equally close rows are the user's to choose between, never the run's.
    const pending = preview?.unresolved() ?? [];
    if (pending.length > 0) {
      linksStatus.textContent = `Choose a link first for ${pending.join(', ')}: one of the rows, another row, or "No demographics row".`;
      reviewTable?.showRow(pending[0] ?? '');
      (document.querySelector(`select[data-patient="${CSS.escape(pending[0] ?? '')}"]`) as HTMLSelectElement | null)?.focus();
      return;
    }
    try {
      await saveChoices();
      fill(logList);
      await postJson('/api/start', { options: form.read() });
    } catch (error) {
      linksStatus.textContent = message(error);
      if (error instanceof ApiError && (error.body as { stale?: boolean }).stale === true) {
        previewed = undefined;
        updateButtons();
      }
      result.hidden = true;
      showProblems(problemsOf(error));
    }
  });
  stopButton.addEventListener('click', async () => {
    stopButton.disabled = true;
    runStatus.textContent = 'Stopping after the files in progress…';
    await postJson('/api/stop', {});
  });
  againButton.addEventListener('click', () => {
    result.hidden = true;
    run.hidden = true;
    (document.getElementById('step-files-title') as HTMLElement).focus();
  });

  const showResult = async () => {
    lastResult.hidden = true;
    const answer = await getJson<ResultAnswer>('/api/result');
    fill(resultBox, renderResult(answer));
    reveal(result);
  };
  showLast.addEventListener('click', () => void showResult().catch((error: unknown) => {
    lastResult.textContent = message(error);
    lastResult.hidden = false;
  }));

  let shownResult: string | undefined;
  let firstSnapshot = true;
  const onSnapshot = async (snapshot: Snapshot) => {
    const first = firstSnapshot;
    firstSnapshot = false;
    // After a reload mid-run or after Stop, the form shows the folders of the run to resume.
    const resumable = snapshot.phase === 'running' || (snapshot.phase === 'finished' && snapshot.summary?.status === 'stopped');
    if (first && resumable && snapshot.options !== undefined) form.setAll(snapshot.options);
    // One run at a time: the buttons that would start another wait for this one.
    busy = snapshot.phase === 'running';
    updateButtons();
    if (snapshot.phase === 'running') {
      shownResult = undefined;
      stopButton.disabled = false;
      runStatus.textContent = '';
      result.hidden = true;
      if (run.hidden) reveal(run);
      runProgress.update(snapshot.progress);
    } else if (snapshot.phase === 'finished') {
      // A reconnected stream repeats the last snapshot: the result is drawn once per run.
      const key = JSON.stringify(snapshot.summary);
      if (key === shownResult) return;
      shownResult = key;
      if (first) {
        // A result names patients: a freshly opened page offers it rather than showing it.
        lastResult.hidden = false;
        return;
      }
      runProgress.update(snapshot.progress);
      stopButton.disabled = true;
      runStatus.textContent = STATUS_WORDS[snapshot.summary?.status ?? 'refused'];
      if (snapshot.summary?.status !== 'complete' && snapshot.summary?.status !== 'partial') runProgress.halt(snapshot.summary?.status === 'stopped' ? 'Stopped' : 'Refused');
      await showResult();
    } else if (snapshot.phase === 'failed' && !run.hidden) {
      stopButton.disabled = true;
      runStatus.textContent = `The run failed: ${plainWords(snapshot.error ?? 'unknown error')}`;
      runProgress.halt('Failed');
    }
  };
  followEvents((event) => {
    if (event.type === 'progress') (event.progress.phase === 'scan' && run.hidden ? planProgress : runProgress).update(event.progress);
    else if (event.type === 'log') logList.append(h('li', { class: `log-${event.entry.level}` }, event.entry.message));
    else void onSnapshot(event.snapshot);
  });
}

boot().catch((error: unknown) => {
  fill(document.getElementById('main') as HTMLElement, h('p', { class: 'status error', role: 'alert' }, `The page could not start: ${message(error)}`));
});
