// `node --import ./src/test-support/register-ts-loader.mjs file.ts` runs a TypeScript source file.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
