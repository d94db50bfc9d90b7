// Incremental HTTP/1.1 response reader for the socket engine: finds where each response ends
// (status line, headers, then a Content-Length body, a chunked body, or none) and hands over its
// status code. Minimal on purpose: header values other than framing ones are never decoded.

/** called once per complete final (non-1xx) response */
export type OnResponse = (status: number, keepAlive: boolean) => void;

const CR = 13;
const LF = 10;
/** a response head larger than this is not something a benchmark target sends: refuse it */
const MAX_HEAD_BYTES = 64 * 1024;

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailers' | 'until-close';

export class HttpResponseParser {
  private state: State = 'head';
  /** bytes of an unfinished line or head, kept across reads */
  private pending: Buffer | undefined;
  /** body or chunk bytes still to skip */
  private remaining = 0;
  private status = 0;
  private keepAlive = true;

  constructor(
    private readonly onResponse: OnResponse,
    /** whether the request answered next was a HEAD (no body whatever the headers say) */
    private readonly headRequest = false,
    /** given each final response's head as sent (a session's setup reads a header from it); off the hot path */
    private readonly onHead?: (head: string) => void,
  ) {}

  /** Feeds bytes as they arrive; throws on a response that is not HTTP/1.x. */
  push(chunk: Buffer): void {
    let data = chunk;
    if (this.pending) {
      data = Buffer.concat([this.pending, chunk]);
      this.pending = undefined;
    }
    let at = 0;
    while (at < data.length) {
      switch (this.state) {
        case 'head': {
          const end = headEnd(data, at);
          if (end < 0) return this.keep(data, at, 'response head');
          this.readHead(data, at, end);
          at = end;
          break;
        }
        case 'body': {
          const take = Math.min(this.remaining, data.length - at);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.complete();
          break;
        }
        case 'chunk-size': {
          const eol = data.indexOf(LF, at);
          if (eol < 0) return this.keep(data, at, 'chunk size line');
          // the size is hex, optionally followed by ;extensions
          const line = data.toString('latin1', at, eol).trim();
          const size = parseInt(line, 16);
          if (!/^[0-9a-fA-F]+/.test(line) || !Number.isFinite(size)) throw new Error(`bad chunk size line ${JSON.stringify(line)}`);
          at = eol + 1;
          if (size === 0) this.state = 'trailers';
          else {
            this.remaining = size;
            this.state = 'chunk-data';
          }
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, data.length - at);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.remaining = 2;
            this.state = 'chunk-data-end';
          }
          break;
        }
        case 'chunk-data-end': {
          // the CRLF after a chunk's data
          const take = Math.min(this.remaining, data.length - at);
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'chunk-size';
          break;
        }
        case 'trailers': {
          const eol = data.indexOf(LF, at);
          if (eol < 0) return this.keep(data, at, 'trailer line');
          const empty = eol === at || (eol === at + 1 && data[at] === CR);
          at = eol + 1;
          if (empty) this.complete();
          break;
        }
        case 'until-close':
          // the body runs to the end of the connection: nothing to find in it
          return;
      }
    }
  }

  /** The connection ended: completes a body that runs until close; true when nothing was cut short. */
  end(): boolean {
    if (this.state === 'until-close') {
      this.complete();
      return true;
    }
    return this.state === 'head' && this.pending === undefined;
  }

  /** whether a response has begun and not yet completed */
  get midResponse(): boolean {
    return this.state !== 'head' || this.pending !== undefined;
  }

  private keep(data: Buffer, from: number, what: string): void {
    if (data.length - from > MAX_HEAD_BYTES) throw new Error(`${what} longer than ${MAX_HEAD_BYTES} bytes`);
    this.pending = Buffer.from(data.subarray(from));
  }

  private readHead(data: Buffer, from: number, end: number): void {
    // "HTTP/1.1 200 OK": the version, a space, three digits
    if (data[from] !== 0x48 || data.toString('latin1', from, from + 7) !== 'HTTP/1.' || data[from + 8] !== 0x20) {
      throw new Error(`not an HTTP/1.x response: ${JSON.stringify(data.toString('latin1', from, Math.min(end, from + 40)))}`);
    }
    const status = (data[from + 9]! - 48) * 100 + (data[from + 10]! - 48) * 10 + (data[from + 11]! - 48);
    if (!(status >= 100 && status <= 999)) throw new Error(`bad status code in ${JSON.stringify(data.toString('latin1', from, from + 16))}`);
    const http10 = data[from + 7] === 0x30;
    const head = data.toString('latin1', from, end).toLowerCase();
    const connection = headerValue(head, 'connection');
    this.status = status;
    this.keepAlive = http10 ? connection === 'keep-alive' : connection !== 'close';
    if (status < 200) return; // 1xx: an interim answer, the final one follows on the same stream
    this.onHead?.(data.toString('latin1', from, end));
    if (this.headRequest || status === 204 || status === 304) return this.complete();
    const encoding = headerValue(head, 'transfer-encoding');
    if (encoding !== undefined && encoding.endsWith('chunked')) {
      this.state = 'chunk-size';
      return;
    }
    const length = headerValue(head, 'content-length');
    if (length !== undefined) {
      const n = Number(length);
      if (!/^\d+$/.test(length)) throw new Error(`bad Content-Length ${JSON.stringify(length)}`);
      if (n === 0) return this.complete();
      this.remaining = n;
      this.state = 'body';
      return;
    }
    this.keepAlive = false;
    this.state = 'until-close';
  }

  private complete(): void {
    this.state = 'head';
    this.remaining = 0;
    this.onResponse(this.status, this.keepAlive);
  }
}

/** index just past the blank line ending the head that starts at `from`, or -1 */
function headEnd(data: Buffer, from: number): number {
  const i = data.indexOf('\r\n\r\n', from, 'latin1');
  return i < 0 ? -1 : i + 4;
}

/** a header's trimmed value in a lower-cased head, or undefined */
function headerValue(head: string, name: string): string | undefined {
  const at = head.indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const eol = head.indexOf('\r\n', start);
  return head.slice(start, eol < 0 ? undefined : eol).trim();
}

/** A header's value in a response head as sent (name matched without case), or undefined. */
export function headerIn(head: string, name: string): string | undefined {
  const at = head.toLowerCase().indexOf(`\r\n${name.toLowerCase()}:`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const eol = head.indexOf('\r\n', start);
  return head.slice(start, eol < 0 ? undefined : eol).trim();
}
