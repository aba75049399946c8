import Table from 'cli-table3';
import type { TerminalColors } from './terminal-colors.js';

/**
 * Renders rows as a cli-table3 table with a bold header. Colour comes only from `colors` (picocolors,
 * already off for pipes and `NO_COLOR`), never from cli-table3's own styling.
 */
export function renderTable(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>, colors: TerminalColors): string {
  const table = new Table({ head: head.map((title) => colors.bold(title)), style: { head: [], border: [] }, wordWrap: true });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return `${table.toString()}\n`;
}
