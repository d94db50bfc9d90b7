// langbench only ever talks to this machine: every URL it loads or probes must be loopback.
import { UsageError } from '../errors.js';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (!isLoopbackHost(hostname)) {
    throw new UsageError(`refusing to send traffic to ${hostname}: langbench only targets loopback (127.0.0.1, ::1, localhost)`);
  }
}
