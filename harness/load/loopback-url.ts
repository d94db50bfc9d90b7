// Load goes to loopback only: parse a base URL and refuse any other host before a byte is sent.
import { UsageError } from '../errors.js';
import { isLoopbackHost } from '../net/loopback.js';

/** The parsed URL when `baseUrl` is plain http on 127.0.0.0/8, ::1 or localhost; throws otherwise. */
export function requireLoopbackUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new UsageError(`load target ${JSON.stringify(baseUrl)} is not a URL; expected e.g. http://127.0.0.1:18080`, { cause });
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(`load target ${JSON.stringify(baseUrl)} uses ${url.protocol}; expected plain http:`);
  }
  if (!isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `load target ${JSON.stringify(baseUrl)} is not on loopback; langbench only loads 127.0.0.0/8, [::1] or localhost`,
    );
  }
  return url;
}
