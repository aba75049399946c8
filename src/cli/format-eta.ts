/**
 * Formats a remaining time for a progress line: `45s`, `1m05s`, `2h07m`; `--` when it is unknown
 * (no rate yet, infinite, negative or NaN). Rounds to whole seconds before splitting, so 59.6 s is `1m00s`,
 * never `60s` or `18m60s`.
 *
 * @param seconds remaining time in seconds, or `undefined` when unknown.
 */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--';
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  if (total < 3600) return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
  const minutes = Math.round(total / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
