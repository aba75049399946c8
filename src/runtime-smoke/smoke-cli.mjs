// Entry for runtimes that run a file (Bun, Deno): `<runtime> smoke-cli.mjs <emulator URL>` prints the smoke report as JSON.
import { smoke } from './smoke-core.mjs';

const baseURL = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
console.log(JSON.stringify(await smoke(baseURL)));
