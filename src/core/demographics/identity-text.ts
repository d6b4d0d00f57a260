/**
 * A plain stand-in for the name scanner: does a text hold a patient's name or PatientID?
 * The shareable demographics take any `(text) => boolean`; this one lets them be built (and
 * tested) without the DICOM scanner, and errs towards blanking: every name word of four letters
 * or more is searched alone, not only the family name.
 */

/** What identifies one patient: the spellings of its name, and its PatientID values. */
export interface PatientIdentity {
  names: readonly string[];
  ids?: readonly string[];
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Runs of letters: digits, punctuation and spaces all bound words, as in the contract's search forms. */
function letterRuns(text: string): string[] {
  return fold(text).split(/[^\p{L}]+/u).filter((run) => run.length > 0);
}

function tokens(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
}

/**
 * A predicate telling whether a text holds any of `patients`' names (a word of ≥ 4 letters alone,
 * or all words of a name run together in their order or the reverse: `DUPONTJEAN`, `Jean-Dupont`)
 * or a PatientID of ≥ 4 characters as a whole token.
 */
export function identityPredicate(patients: readonly PatientIdentity[]): (text: string) => boolean {
  const words = new Set<string>();
  const joined = new Set<string>();
  const ids = new Set<string>();
  for (const patient of patients) {
    for (const name of patient.names) {
      const parts = letterRuns(name);
      for (const part of parts) if (part.length >= 4) words.add(part);
      if (parts.length > 1) {
        joined.add(parts.join(''));
        joined.add([...parts].reverse().join(''));
      }
    }
    for (const id of patient.ids ?? []) {
      const token = tokens(id).join('');
      if (token.length >= 4) ids.add(token);
    }
  }
  let longest = 0;
  for (const form of joined) longest = Math.max(longest, form.length);
  return (text: string) => {
    const runs = letterRuns(text);
    for (let start = 0; start < runs.length; start++) {
      if (words.has(runs[start]!)) return true;
      let run = '';
      for (let end = start; end < runs.length && run.length < longest; end++) {
        run += runs[end];
        if (joined.has(run)) return true;
      }
    }
    if (ids.size === 0) return false;
    const parts = tokens(text);
    // An id such as "AB-1234" spans several tokens of the text; compare every run of tokens.
    for (let start = 0; start < parts.length; start++) {
      let run = '';
      for (let end = start; end < parts.length && run.length < 64; end++) {
        run += parts[end];
        if (ids.has(run)) return true;
      }
    }
    return false;
  };
}
