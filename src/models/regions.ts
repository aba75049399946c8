/**
 * DashScope deployment regions and their hosts.
 * Sources: https://www.alibabacloud.com/help/model-studio/base-url (Oct 2026 copy: shared, workspace and
 * trial hosts), https://www.alibabacloud.com/help/en/model-studio/regions and
 * https://help.aliyun.com/zh/model-studio/japan-tokyo-global (Tokyo).
 *
 * Three kinds of host:
 * - shared DashScope host, any key of the region:
 *   - `cn-beijing`: China (Beijing), "Mainland China" scope — `https://dashscope.aliyuncs.com`;
 *   - `ap-southeast-1`: Singapore, "International" scope — `https://dashscope-intl.aliyuncs.com`;
 *   - `us-east-1`: US (Virginia), "Global"/"United States" scopes — `https://dashscope-us.aliyuncs.com`;
 *   - `cn-hongkong`: China (Hong Kong) — `https://cn-hongkong.dashscope.aliyuncs.com` (documented on the
 *     base-URL page since 2026);
 *   - `eu-central-1` (Germany, Frankfurt) and `ap-northeast-1` (Japan, Tokyo) have none;
 * - workspace-dedicated `https://{WorkspaceId}.{region}.maas.aliyuncs.com`, only that workspace's keys
 *   (every region; the only kind Tokyo offers);
 * - trial `https://trial.{region}.maas.aliyuncs.com`, for quick tests with lower rate limits (Tokyo has none).
 *
 * API keys are region-bound: a Singapore key fails with 401 `InvalidApiKey` against Beijing.
 */
export type Region = 'cn-beijing' | 'ap-southeast-1' | 'us-east-1' | 'cn-hongkong' | 'eu-central-1' | 'ap-northeast-1';

/** Every region the SDK knows, in documentation order. */
export const REGIONS: readonly Region[] = ['cn-beijing', 'ap-southeast-1', 'us-east-1', 'cn-hongkong', 'eu-central-1', 'ap-northeast-1'];

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
  tokyo: 'ap-northeast-1',
  japan: 'ap-northeast-1',
};

const SHARED_HOSTS: Readonly<Record<Region, string | undefined>> = {
  'cn-beijing': 'https://dashscope.aliyuncs.com',
  'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com',
  'us-east-1': 'https://dashscope-us.aliyuncs.com',
  'cn-hongkong': 'https://cn-hongkong.dashscope.aliyuncs.com',
  'eu-central-1': undefined,
  'ap-northeast-1': undefined,
};

/** Regions whose documentation says they have no trial host (Tokyo: workspace hosts only). */
const NO_TRIAL_HOST: ReadonlySet<Region> = new Set(['ap-northeast-1']);

/** Resolves a region id or alias (`'singapore'`, `'intl'`, `'beijing'` …) to a {@link Region}, or `undefined`. */
export function resolveRegion(name: string): Region | undefined {
  const lowered = name.trim().toLowerCase();
  if ((REGIONS as readonly string[]).includes(lowered)) return lowered as Region;
  return REGION_ALIASES[lowered];
}

/**
 * The origin (scheme + host, no path) for a region: its shared host, or with `workspaceId` the
 * workspace-dedicated domain `https://{workspaceId}.{region}.maas.aliyuncs.com`.
 *
 * @returns `undefined` when the region has no shared host (Frankfurt, Tokyo) and no workspace id was given.
 */
export function regionOrigin(region: Region, workspaceId?: string): string | undefined {
  if (workspaceId) return `https://${workspaceId}.${region}.maas.aliyuncs.com`;
  return SHARED_HOSTS[region];
}

/**
 * The trial origin of a region, `https://trial.{region}.maas.aliyuncs.com`: any key of the region, lower
 * rate limits, for testing. Source: https://www.alibabacloud.com/help/model-studio/base-url (Oct 2026).
 *
 * @returns `undefined` for a region documented without one (Tokyo).
 */
export function trialOrigin(region: Region): string | undefined {
  return NO_TRIAL_HOST.has(region) ? undefined : `https://trial.${region}.maas.aliyuncs.com`;
}
