/**
 * The citation numbers used in an answer (`[1]`, `[2][3]`, `[1, 4]`), in order of first use, keeping
 * only numbers from 1 to `max`.
 */
export function citedNumbers(answer: string, max: number): number[] {
  const found: number[] = [];
  for (const match of answer.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const value = Number(part.trim());
      if (value >= 1 && value <= max && !found.includes(value)) found.push(value);
    }
  }
  return found;
}
