/** The words the page uses for the pipeline's codes (flags, statuses, outcomes). */

const FLAG_WORDS: Record<string, string> = {
  ambiguous: 'ambiguous match',
  homonym: 'homonym (same name as another patient)',
  missing: 'no demographics row',
  suggested: 'suggested demographics row: confirm it to apply it',
  'low-score': 'low match score',
  'risky-images': 'risky images: text may be drawn into the pixels',
  'several-identities': 'several identities in one source',
  'burned-in-annotation': 'burned-in annotation',
  'secondary-capture': 'secondary capture or screenshot',
  'secondary-image': 'derived or screen-saved image',
  cine: 'ultrasound or angiography cine',
  'dose-report': 'dose report',
};

/** A flag code (`low-score`) in words a person reads. */
export function flagText(flag: string): string {
  return FLAG_WORDS[flag] ?? flag.replaceAll('-', ' ');
}

/** Flags that mean a person should look before sharing. */
export function isWarningFlag(flag: string): boolean {
  return flag !== 'homonym';
}

/** A link's evidence in words: "name full (distance 0.00), birth date near, sex same, id unknown". */
export function evidenceText(evidence: { name: string; nameDistance: number; birthDate: string; sex: string; id: string } | undefined): string {
  if (evidence === undefined) return '';
  return `name ${evidence.name} (distance ${evidence.nameDistance.toFixed(2)}), birth date ${evidence.birthDate}, sex ${evidence.sex}, id ${evidence.id}`;
}

/** A name distance with two decimals; empty when there is none. */
export function formatScore(score: number | undefined): string {
  return score === undefined ? '' : score.toFixed(2);
}

/** Seconds as `42 s`, `3 min 05 s` or `1 h 02 min`; unknown is "estimating…". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'estimating…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** `1 file`, `2 files`, with thousands separators. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

const REASON_WORDS: Record<string, string> = {
  no_match: 'no matching row',
  ambiguous: 'ambiguous: several rows match (pick one in the review)',
  unlinked_by_choice: 'no demographics row (your choice)',
  no_demographics: 'no demographics file',
};

/** Why a patient has no demographics row, in words. */
export function reasonText(reason: string): string {
  return REASON_WORDS[reason] ?? reason.replaceAll('_', ' ');
}
