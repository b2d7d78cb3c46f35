import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * A progress bar (on stderr) while the per-item lines go to a file or a pipe; nothing when stdout is
 * the terminal, where those lines themselves show progress.
 */
export function progressBar(total: number, label: string, unit: string): Progress {
  if (process.stdout.isTTY || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_buffer}s left`, etaBuffer: 1000 }, Presets.shades_classic);
  bar.start(total, 0);
  let last = 0;
  return {
    update(done) {
      // Redrawing on every item would cost more than the items; a few hundred updates suffice.
      if (done === total || done - last >= Math.max(1, Math.floor(total / 500))) {
        last = done;
        bar.update(done);
      }
    },
    stop: () => bar.stop(),
  };
}
