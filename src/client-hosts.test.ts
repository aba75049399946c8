import { describe, expect, it } from 'vitest';
import { DashScope } from './client.js';
import { InputValidationError } from './core/errors.js';
import { REGIONS, resolveRegion, trialOrigin } from './models/regions.js';

const KEY = 'sk-test-hosts';

describe('client hosts by region and kind', () => {
  it('calls Hong Kong on its documented shared host', () => {
    expect(new DashScope({ apiKey: KEY, region: 'hk' }).baseURL).toBe('https://cn-hongkong.dashscope.aliyuncs.com');
  });

  it('knows Tokyo by id and alias and reaches it through a workspace host only', () => {
    expect(REGIONS).toContain('ap-northeast-1');
    expect(resolveRegion('tokyo')).toBe('ap-northeast-1');
    expect(resolveRegion('Japan')).toBe('ap-northeast-1');
    expect(new DashScope({ apiKey: KEY, region: 'tokyo', workspace: 'llm-abc', workspaceHost: true }).baseURL).toBe(
      'https://llm-abc.ap-northeast-1.maas.aliyuncs.com',
    );
    expect(() => new DashScope({ apiKey: KEY, region: 'tokyo' })).toThrow(/no shared host/);
  });

  it('uses the trial host of a region when asked', () => {
    expect(new DashScope({ apiKey: KEY, region: 'singapore', trialHost: true }).baseURL).toBe('https://trial.ap-southeast-1.maas.aliyuncs.com');
    expect(new DashScope({ apiKey: KEY, region: 'frankfurt', trialHost: true }).baseURL).toBe('https://trial.eu-central-1.maas.aliyuncs.com');
    expect(trialOrigin('cn-beijing')).toBe('https://trial.cn-beijing.maas.aliyuncs.com');
  });

  it('refuses a trial host in Tokyo, next to a workspace host or a baseURL, and a non-boolean trialHost', () => {
    const attempts = [
      { region: 'tokyo', trialHost: true },
      { region: 'singapore', trialHost: true, workspace: 'ws-1', workspaceHost: true },
      { trialHost: true, baseURL: 'http://127.0.0.1:9' },
      { trialHost: 'yes' as unknown as boolean },
    ];
    for (const options of attempts) {
      const error = (() => {
        try {
          new DashScope({ apiKey: KEY, ...options });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error, JSON.stringify(options)).toBeInstanceOf(InputValidationError);
      expect(error).toMatchObject({ param: 'trialHost' });
    }
  });
});
