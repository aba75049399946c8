import cliProgress from 'cli-progress';
import type { OutputStream } from './cli-io.js';
import { formatEta } from './format-eta.js';
import { RecentRate } from './recent-rate.js';
import type { TerminalColors } from './terminal-colors.js';

/** A progress display on stderr: counts, percentage, recent rate and ETA. */
export interface ProgressBar {
  /** Starts (or restarts) the bar at 0 of `total`. */
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  /**
   * When stderr is not a terminal, print a plain line `label 120/640 unit | 85/s | ETA 6s` once the
   * phase has run 1 s, then every 10 s (logs of long runs show progress). Default false: silent.
   */
  plainLines?: boolean;
  /** Clock in ms (tests). */
  now?: () => number;
}

const FIRST_PLAIN_LINE_MS = 1000;
const PLAIN_LINE_EVERY_MS = 10_000;

function rateText(rate: number | undefined): string {
  if (rate === undefined) return '--';
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}

/**
 * A cli-progress bar on `stream` labelled e.g. `embedding` with a `unit` such as `chunks`:
 * `embedding [████░░░░] 120/640 chunks | 19% | 85/s | ETA 6s`. The rate is measured over the last 10 s
 * ({@link RecentRate}) and the ETA formatted by {@link formatEta} (`45s`, `1m05s`, `--`). Draws only on a
 * terminal, so piped and redirected stderr stay clean (commands print a summary line instead), unless
 * `plainLines` asks for occasional plain lines there.
 */
export function createProgressBar(stream: OutputStream, colors: TerminalColors, label: string, unit: string, options: ProgressBarOptions = {}): ProgressBar {
  const now = options.now ?? Date.now;
  const rate = new RecentRate(undefined, now);
  let total = 0;
  let active = false;
  const payload = (done: number) => ({ rate: rateText(rate.perSecond()), etaText: formatEta(done >= total ? 0 : rate.secondsLeft(total)) });
  if (stream.isTTY !== true) {
    if (!options.plainLines) return { start: () => undefined, update: () => undefined, stop: () => undefined };
    let started = 0;
    let lastLine = 0;
    return {
      start(count) {
        total = count;
        active = true;
        started = now();
        lastLine = 0;
        rate.reset();
      },
      update(done) {
        if (!active) return;
        rate.record(done);
        const at = now();
        if (at - started < FIRST_PLAIN_LINE_MS || (lastLine > 0 && at - lastLine < PLAIN_LINE_EVERY_MS)) return;
        lastLine = at;
        const { rate: perSecond, etaText } = payload(done);
        stream.write(`${label} ${done}/${total} ${unit} | ${perSecond}/s | ETA ${etaText}\n`);
      },
      stop() {
        active = false;
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${colors.cyan(label)} [{bar}] {value}/{total} ${unit} | {percentage}% | {rate}/s | ETA {etaText}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(count) {
      if (active) bar.stop();
      total = count;
      active = true;
      rate.reset();
      bar.start(count, 0, payload(0));
    },
    update(done) {
      if (!active) return;
      rate.record(done);
      bar.update(done, payload(done));
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
