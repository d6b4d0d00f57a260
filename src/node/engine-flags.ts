/**
 * V8 settings for a run. A run executes the same per-file code a few thousand times per thread,
 * where TurboFan's inlining of the large planning and verification functions costs more in
 * compilation (on background threads that compete with the two worker threads of a small machine,
 * and again after each deoptimisation, which throws the whole inlined body away) than it saves:
 * without it the per-file steps took 15–20% less CPU (`npm run bench:steps`). The flag is
 * process-wide, so the worker threads started later compile the same way.
 *
 * The heap is sized for memory: it grows by 15% past what it holds (not by up to 4×), and V8 favours
 * size over speed (optimize-for-size; the main thread's young generation, which no option can bound
 * once the process runs, stays small). Measured with `npm run bench` in the same runs: 133 MB of
 * peak RSS instead of 175 MB on 4,488 files, for 2% more CPU; `npm run bench:memory` at 119,000
 * files, 262 MB instead of about 310 MB. It also pins the workers' young generation at 1 MB
 * whatever their limits (a collection every file or two, about 0.45 s of a 4,488-file run);
 * without it that is 0.3 s less CPU, but the main thread's young generation grows to 16 MB
 * semi-spaces: a rerun of 118,706 files peaked at 269 MB instead of 217 MB, too near the 300 MB
 * a run of any size must stay under.
 */
import { setFlagsFromString } from 'node:v8';

export const ENGINE_FLAGS = ['--no-turbo-inlining', '--heap-growing-percent=15', '--optimize-for-size'] as const;

/** Applies {@link ENGINE_FLAGS}; call before the per-file code first runs. */
export function tuneEngine(): void {
  for (const flag of ENGINE_FLAGS) setFlagsFromString(flag);
}
