// Entry for Cloudflare's workerd (bundled by the test): GET /?emulator=<URL> answers the smoke report as JSON.
import { smoke } from './smoke-core.mjs';

export default {
  async fetch(request) {
    const baseURL = new URL(request.url).searchParams.get('emulator');
    try {
      return Response.json(await smoke(baseURL));
    } catch (error) {
      return Response.json({ failed: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
