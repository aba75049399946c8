/**
 * Loads `dashscope-kit/langchain` on demand, so the factory works without `@langchain/core` installed.
 * @throws Error with one line naming the package to install when `@langchain/core` is missing.
 */
export async function loadLangChain(): Promise<typeof import('../langchain/index.js')> {
  try {
    return await import('../langchain/index.js');
  } catch (error) {
    if (isMissingPackage(error, '@langchain/core')) throw new Error('toLangChain() needs @langchain/core: npm install @langchain/core', { cause: error });
    throw error;
  }
}

function isMissingPackage(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(name);
}
