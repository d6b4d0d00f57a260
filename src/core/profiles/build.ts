/** The profile that options name. */
import { basicProfile } from './basic.ts';
import type { Profile, ProfileOptions } from './model.ts';
import { researchProfile } from './research.ts';

/** `--profile` with its options; `--retain`/`--clean` belong to basic (the options schema refuses them otherwise). */
export function buildProfile(options: ProfileOptions): Profile {
  return (options.profile ?? 'research') === 'basic' ? basicProfile(options) : researchProfile(options);
}
