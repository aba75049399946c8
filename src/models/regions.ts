/**
 * DashScope deployment regions and their hosts.
 * Source: https://www.alibabacloud.com/help/en/model-studio/regions (Feb and Jun 2026 copies) and the
 * OpenAI-compatible embedding page (workspace-dedicated domains).
 *
 * - `cn-beijing`: China (Beijing), "Mainland China" scope — `https://dashscope.aliyuncs.com`.
 * - `ap-southeast-1`: Singapore, "International" scope — `https://dashscope-intl.aliyuncs.com`.
 * - `us-east-1`: US (Virginia), "Global"/"United States" scopes — `https://dashscope-us.aliyuncs.com`.
 * - `cn-hongkong`: China (Hong Kong) — host not confirmed by official docs; prefer a workspace host.
 * - `eu-central-1`: Germany (Frankfurt) — workspace-dedicated host only.
 *
 * API keys are region-bound: a Singapore key fails with 401 `InvalidApiKey` against Beijing.
 */
export type Region = 'cn-beijing' | 'ap-southeast-1' | 'us-east-1' | 'cn-hongkong' | 'eu-central-1';

/** Every region the SDK knows, in documentation order. */
export const REGIONS: readonly Region[] = ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'cn-hongkong', 'eu-central-1'];

/** Friendly names accepted wherever a region is, mapped to the region id. */
export const REGION_ALIASES: Readonly<Record<string, Region>> = {
  beijing: 'cn-beijing',
  cn: 'cn-beijing',
  china: 'cn-beijing',
  singapore: 'ap-southeast-1',
  intl: 'ap-southeast-1',
  international: 'ap-southeast-1',
  us: 'us-east-1',
  virginia: 'us-east-1',
  hongkong: 'cn-hongkong',
  hk: 'cn-hongkong',
  frankfurt: 'eu-central-1',
  germany: 'eu-central-1',
};

const SHARED_HOSTS: Readonly<Record<Region, string | undefined>> = {
  'cn-beijing': 'https://dashscope.aliyuncs.com',
  'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com',
  'us-east-1': 'https://dashscope-us.aliyuncs.com',
  'cn-hongkong': 'https://cn-hongkong.dashscope.aliyuncs.com',
  'eu-central-1': undefined,
};

/** Resolves a region id or alias (`'singapore'`, `'intl'`, `'beijing'` …) to a {@link Region}, or `undefined`. */
export function resolveRegion(name: string): Region | undefined {
  const lowered = name.trim().toLowerCase();
  if ((REGIONS as readonly string[]).includes(lowered)) return lowered as Region;
  return REGION_ALIASES[lowered];
}

/**
 * The origin (scheme + host, no path) for a region, optionally the workspace-dedicated domain
 * `https://{workspaceId}.{region}.maas.aliyuncs.com`.
 *
 * @returns `undefined` when the region has no shared host and no workspace id was given.
 */
export function regionOrigin(region: Region, workspaceId?: string): string | undefined {
  if (workspaceId) return `https://${workspaceId}.${region}.maas.aliyuncs.com`;
  return SHARED_HOSTS[region];
}
