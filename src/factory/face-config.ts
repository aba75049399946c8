import { DashScope, type ClientOptions } from '../client.js';
import { readEnv } from '../core/env.js';

/** Configuration of a factory-made model: the client's options, or an existing client to share. */
export interface FaceConfig extends ClientOptions {
  /** A configured client to use as is; the other client options are then ignored. */
  client?: DashScope | undefined;
}

/**
 * The client of a factory-made model: `config.client`, or a new one whose key is `config.apiKey`, else
 * `DASHSCOPE_API_KEY`, else `ALICLOUD_API_KEY`.
 * @throws InputValidationError when no key is found or an option is invalid (see `DashScope`).
 */
export function faceClient(config: FaceConfig = {}): DashScope {
  const { client, ...options } = config;
  if (client) return client;
  const apiKey = options.apiKey ?? readEnv('DASHSCOPE_API_KEY') ?? readEnv('ALICLOUD_API_KEY');
  return new DashScope({ ...options, ...(apiKey ? { apiKey } : {}) });
}
