import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser for whole numbers in `[min, max]`; anything else is a usage error naming the
 * range (exit 2), before any request is sent.
 */
export function integerOption(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number ≥ ${min}.` : `expected a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/** A commander option parser for decimals in `[min, max]`. */
export function decimalOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}.`);
    return parsed;
  };
}
