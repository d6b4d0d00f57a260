/**
 * What a (patient, row) pair's evidence is worth, in the manner of Fellegi–Sunter record linkage:
 * each comparison adds a weight — roughly log₂ of how much likelier its outcome is between records
 * of one person than between two people — and the pair with the highest total is the candidate.
 * Unlike a pure Fellegi–Sunter model, the weight only ranks; whether the best pair may be applied
 * is decided by explicit tiers that hold the contract's limits whatever the weights say:
 *
 *   linked (strong)                              suggested (weak)
 *   an equal id, names not disagreeing           an equal id, names disagreeing
 *   names agree fully, birth dates not           names agree (fully or partly) with a near or
 *     different (same or unknown)                  different birth date; partly with none known
 *   names agree partly, same birth date          a one-word name without the same birth date
 *   a one-word name only with the same date      different sexes (without an equal id)
 *
 * A name is one word when either side holds a single word: "TALIA" with the same birth date
 * links, "TALIA" alone is shared by too many people. A row's id equal to a PatientID is the
 * strongest evidence there is (a sheet may hold ids only); a differing id says nothing, since
 * PatientID often comes from another system than the sheet's number.
 */
import type { DateRelation, IdRelation, SexRelation } from './evidence.ts';
import type { NameEvidence } from './name-agreement.ts';

/** Everything a pair's link rests on; shown in mapping.csv and the review. */
export interface PairEvidence {
  readonly name: NameEvidence;
  readonly birthDate: DateRelation;
  readonly sex: SexRelation;
  readonly id: IdRelation;
}

export type Strength = 'strong' | 'weak';

const NAME = { full: 8, partial: 4, none: 0 } as const;
const BIRTH_DATE: Record<DateRelation, number> = { same: 6, near: 2, unknown: 0, different: -4 };
const SEX: Record<SexRelation, number> = { same: 0.5, unknown: 0, different: -4 };
const ID: Record<IdRelation, number> = { equal: 12, unknown: 0, different: 0 };
/** Within one agreement level, the closer spelling is worth up to this much more. */
const CLOSENESS = 2;
/** A one-word name agrees with many people: it weighs less than a full name. */
const ONE_WORD = -3;

/** The pair's weight: higher is likelier one person. */
export function weigh(evidence: PairEvidence): number {
  const { name } = evidence;
  const nameWeight = name.agreement === 'none' ? 0 : NAME[name.agreement] + CLOSENESS * (1 - name.distance) + (name.oneWord ? ONE_WORD : 0);
  return nameWeight + BIRTH_DATE[evidence.birthDate] + SEX[evidence.sex] + ID[evidence.id];
}

/**
 * Whether the pair may be linked without review (`strong`) or only suggested (`weak`); undefined
 * when it is no candidate at all (names disagree and no equal id). `named`: the row has a name.
 */
export function strength(evidence: PairEvidence, named: boolean): Strength | undefined {
  const { name, birthDate } = evidence;
  if (evidence.id === 'equal') return name.agreement !== 'none' || !named ? 'strong' : 'weak';
  if (name.agreement === 'none') return undefined;
  if (evidence.sex === 'different') return 'weak';
  if (name.oneWord) return birthDate === 'same' ? 'strong' : 'weak';
  if (name.agreement === 'full') return birthDate === 'same' || birthDate === 'unknown' ? 'strong' : 'weak';
  return birthDate === 'same' ? 'strong' : 'weak';
}
