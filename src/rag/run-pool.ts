/**
 * Runs `worker` over `items` with at most `concurrency` calls in flight, in item order. Stops taking new
 * items once `signal` aborts or a worker throws; waits for the calls in flight, then rethrows the first
 * error (if any). @returns how many items were started.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure && !signal?.aborted && next < items.length) {
      const index = next++;
      try {
        await worker(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure) throw failure.error;
  return next;
}
