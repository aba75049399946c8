// Entry for the browser (bundled by the test): the page's own origin proxies to the emulator, so the
// smoke runs same-origin; the report (or the failure) is left on window.smokeReport for the test to read.
import { smoke } from './smoke-core.mjs';

window.smokeReport = smoke(window.location.origin).catch((error) => ({ failed: String(error?.stack ?? error) }));
