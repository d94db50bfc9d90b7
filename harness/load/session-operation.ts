// The requests of one churn operation (a session scenario whose lifetime is "operation"): the
// session's setup, the scenario's request, then its teardown, in order on one connection. The first
// answer that carries the session header names the session; every later step carries it. The
// first step's bytes are made once; the others are made per operation, as each names its session.
import { httpRequestBytes } from './http-request-bytes.js';
import type { LoadRequest } from './load-types.js';
import type { SessionSpec } from './session-setup.js';

type Request = Pick<LoadRequest, 'method' | 'path' | 'headers' | 'body'>;

export class SessionOperation {
  /** lowercase response header carrying the session id */
  readonly header: string;
  private readonly steps: Request[];
  private readonly first: Buffer;

  constructor(
    private readonly url: URL,
    spec: SessionSpec,
    request: Request,
  ) {
    this.header = spec.header;
    this.steps = [...spec.setup, request, ...(spec.teardown ? [spec.teardown] : [])];
    this.first = this.bytesOf(this.steps[0]!, undefined);
  }

  get stepCount(): number {
    return this.steps.length;
  }

  /** the bytes of step `step`, with the session header once the session is known */
  bytes(step: number, sessionId: string | undefined): Buffer {
    if (step === 0 && sessionId === undefined) return this.first;
    return this.bytesOf(this.steps[step]!, sessionId);
  }

  private bytesOf(request: Request, sessionId: string | undefined): Buffer {
    const headers = sessionId === undefined ? request.headers : { ...request.headers, [this.header]: sessionId };
    return httpRequestBytes(new URL(request.path, this.url.origin), { ...request, headers });
  }
}
