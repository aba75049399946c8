import type { CliContext } from './cli-context.js';
import { IndexStore } from './rag/index-store.js';

/**
 * Opens the index store (`--index <dir>` or `.dashscope-kit/index` in the working folder), runs `work`,
 * and closes the store whatever happens, so every committed batch is on disk before the process exits.
 */
export async function withIndexStore<T>(context: CliContext, indexOption: string | undefined, work: (store: IndexStore) => Promise<T>): Promise<T> {
  const store = IndexStore.open(context.indexPath(indexOption));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
