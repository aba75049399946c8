import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { ServeJson } from '../cli/commands/serve-command.js';
import { runCli } from '../cli/run-cli.js';

export const SERVE_DOCS: Record<string, string> = {
  'publish.md': '# Publishing\n\n## Scoped packages\n\nScoped packages are private by default. To publish a scoped package publicly, run npm publish --access public.\n',
  'install.md': '# Installing\n\n## Global installs\n\nGlobal packages are installed into the prefix folder, which is /usr/local on Unix systems.\n',
  'ci.md': '# npm ci\n\n## Description\n\nnpm ci installs exactly the versions in package-lock.json and removes an existing node_modules folder first.\n',
  'config.md': '# Configuration\n\n## Proxy\n\nSet the proxy with npm config set proxy http://proxy.example:8080 and https-proxy for TLS.\n',
};

export function writeServeDocs(folder: string): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(SERVE_DOCS)) writeFileSync(join(folder, name), text);
  return folder;
}

export interface RunningServe {
  url: string;
  json: ServeJson;
  stderr(): string;
  stop(): Promise<number>;
}

export async function startServeCommand(argv: string[], options: { env: Record<string, string>; cwd: string }): Promise<RunningServe> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let errors = '';
  stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const controller = new AbortController();
  const printed = new Promise<string>((resolve) => {
    let text = '';
    stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('}\n')) resolve(text);
    });
  });
  const exit = runCli(['serve', ...argv, '--port', '0', '--json'], { stdout, stderr, stdin: Readable.from([]), env: options.env, cwd: options.cwd, signal: controller.signal });
  const first = await Promise.race([printed, exit.then((code) => Promise.reject(new Error(`serve exited ${code} before listening: ${errors}`)))]);
  const json = JSON.parse(first) as ServeJson;
  return {
    url: json.url,
    json,
    stderr: () => errors,
    stop: async () => {
      controller.abort();
      return exit;
    },
  };
}
