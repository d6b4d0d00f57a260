/** Files per second over a sliding window, and the ETA it implies, for the progress hooks. */

const WINDOW_MS = 5000;

export class RateMeter {
  private readonly samples: { t: number; done: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records that `done` items are finished, and returns the current rate and ETA. */
  update(done: number, total: number): { filesPerSecond: number; etaSeconds: number | undefined } {
    const t = this.now();
    this.samples.push({ t, done });
    while (this.samples.length > 2 && t - this.samples[0]!.t > WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (t - first.t) / 1000;
    const filesPerSecond = seconds > 0 ? (done - first.done) / seconds : 0;
    const etaSeconds = filesPerSecond > 0 ? (total - done) / filesPerSecond : undefined;
    return { filesPerSecond, etaSeconds };
  }
}
