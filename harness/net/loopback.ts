// langbench only ever talks to this machine: every URL it loads, verifies or probes is checked
// here, before a byte is sent.
import { UsageError } from '../errors.js';

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The parsed URL when `baseUrl` is plain http on 127.0.0.0/8, ::1 or localhost; throws otherwise. */
export function requireLoopbackUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new UsageError(`${JSON.stringify(baseUrl)} is not a URL; expected e.g. http://127.0.0.1:18080`, { cause });
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(`${JSON.stringify(baseUrl)} uses ${url.protocol}; expected plain http:`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new UsageError(`refusing to send traffic to ${url.hostname}: langbench only talks to loopback (127.0.0.0/8, [::1], localhost)`);
  }
  return url;
}
