/**
 * V8 settings for a run. A run executes the same per-file code a few thousand times per thread,
 * where TurboFan's inlining of the large planning and verification functions costs more in
 * compilation (on background threads that compete with the two worker threads of a small machine,
 * and again after each deoptimisation, which throws the whole inlined body away) than it saves:
 * without it the per-file steps took 15–20% less CPU (`npm run bench:steps`). The flag is
 * process-wide, so the worker threads started later compile the same way.
 *
 * The old generation grows by 15% past what it holds (not by up to 4×), so a run's peak stays near
 * what it keeps. V8's optimize-for-size mode would pin every worker's young
 * generation at 1 MB: a worker would collect after every file or two (700 scavenges, 0.45 s of a run
 * of 4,488 files). Without it, and with the workers' young generation bounded instead (worker-pool.ts),
 * a run collects a quarter as often, for about 35 MB more peak RSS (176 MB instead of 141 MB on
 * that run; `npm run bench:memory` keeps runs of any size far under 300 MB).
 */
import { setFlagsFromString } from 'node:v8';

export const ENGINE_FLAGS = ['--no-turbo-inlining', '--heap-growing-percent=15'] as const;

/** Applies {@link ENGINE_FLAGS}; call before the per-file code first runs. */
export function tuneEngine(): void {
  for (const flag of ENGINE_FLAGS) setFlagsFromString(flag);
}
