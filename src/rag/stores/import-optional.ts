import { LocalFileError } from '../local-file-error.js';

/**
 * Loads an optional dependency (a store engine) with `load` (a dynamic `import()`), turning a missing
 * package into one line naming it, so an SDK-only install (`npm install --omit=optional`) works until a
 * store that needs the engine is asked for.
 *
 * @throws LocalFileError `<what> needs the npm package <name>: npm install <name>` when it is not
 *   installed; whatever `load` throws otherwise.
 */
export async function importOptional<T>(name: string, what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(name)) {
      throw new LocalFileError(`${what} needs the npm package ${name}, which is not installed.`, `npm install ${name}`);
    }
    throw error;
  }
}
