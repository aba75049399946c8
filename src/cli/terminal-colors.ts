import pc from 'picocolors';
import type { OutputStream } from './cli-io.js';

/** Colour functions (picocolors) for one output stream. */
export type TerminalColors = ReturnType<typeof pc.createColors>;

/**
 * Colours for `stream`: on only when it is a terminal, `NO_COLOR` is unset or empty and `TERM` is not
 * `dumb`; `FORCE_COLOR` (non-empty, not `0`) turns them on anyway. See https://no-color.org.
 */
export function terminalColors(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): TerminalColors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  const disabled = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  return pc.createColors(forced || (!disabled && stream.isTTY === true));
}
