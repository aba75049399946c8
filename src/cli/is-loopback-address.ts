const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

/** Whether a `--host` value is a loopback address (127.x.x.x, `localhost`, `::1`): binding anything else needs `--allow-remote`. */
export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK.test(host);
}
