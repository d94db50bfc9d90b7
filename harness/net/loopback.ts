// langbench only ever talks to this machine, unless a run names one other address explicitly
// (--server-address, for a server on another host's engine): every URL it loads, verifies or
// probes is checked here, before a byte is sent.
import { UsageError } from '../errors.js';

/** addresses a run allowed explicitly (allowServerAddress); empty by default */
const allowed = new Set<string>();

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Lets URLs on this one address through (the validated --server-address). Returns the undo; only
 * the address given is allowed, nothing else beyond loopback.
 */
export function allowServerAddress(address: string): () => void {
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  allowed.add(host);
  return () => {
    allowed.delete(host);
  };
}

/** The parsed URL when `baseUrl` is plain http on 127.0.0.0/8, ::1, localhost or an allowed server address; throws otherwise. */
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
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!isLoopbackHost(url.hostname) && !allowed.has(host)) {
    throw new UsageError(
      `refusing to send traffic to ${url.hostname}: langbench only talks to loopback (127.0.0.0/8, [::1], localhost)${allowed.size > 0 ? ` and the --server-address given (${[...allowed].join(', ')})` : ' unless a run names its server host with --docker-host and --server-address'}`,
    );
  }
  return url;
}
