import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js';

export interface RunningEmulator {
  emulator: Emulator;
  url: string;
  env: Record<string, string>;
  embeddingStats(model?: string): { requests: number; texts: number };
  close(): Promise<void>;
}

export async function startEmulatorServer(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator(options);
  const server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  return {
    emulator,
    url: server.url,
    env: { DASHSCOPE_API_KEY: 'sk-test-cli', DASHSCOPE_BASE_URL: server.url },
    embeddingStats(model = 'text-embedding-v4') {
      const counters = emulator.stats().models[model];
      return { requests: counters?.accepted ?? 0, texts: counters?.items ?? 0 };
    },
    close: () => server.close(),
  };
}
