import cliProgress from 'cli-progress';
import type { OutputStream } from './cli-io.js';
import type { TerminalColors } from './terminal-colors.js';

/** A progress bar on stderr: counts, percentage, rate and ETA. Silent when stderr is not a terminal. */
export interface ProgressBar {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

/**
 * A cli-progress bar on `stream` labelled e.g. `embedding` with a `unit` such as `chunks`:
 * `embedding [████░░░░] 120/640 chunks | 19% | 85/s | ETA 6s`. Draws only on a terminal, so piped and
 * redirected stderr stay clean (commands print a summary line instead).
 */
export function createProgressBar(stream: OutputStream, colors: TerminalColors, label: string, unit: string): ProgressBar {
  if (stream.isTTY !== true) return { start: () => undefined, update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${colors.cyan(label)} [{bar}] {value}/{total} ${unit} | {percentage}% | {rate}/s | ETA {eta_formatted}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const rate = (done: number): string => (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(0);
  let active = false;
  return {
    start(total) {
      active = true;
      bar.start(total, 0, { rate: '0' });
    },
    update(done) {
      if (active) bar.update(done, { rate: rate(done) });
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
