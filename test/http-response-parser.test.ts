// The socket engine's response reader: where each response ends, however the bytes are split.
import { describe, expect, it } from 'vitest';
import { HttpResponseParser } from '../harness/load/http-response-parser.js';
import { httpRequestBytes } from '../harness/load/http-request-bytes.js';

/** feeds `text` cut at every given offset; returns the [status, keepAlive] of each response */
function parse(text: string, cuts: number[] = [], headRequest = false): [number, boolean][] {
  const seen: [number, boolean][] = [];
  const parser = new HttpResponseParser((status, keepAlive) => seen.push([status, keepAlive]), headRequest);
  const bytes = Buffer.from(text, 'latin1');
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.push(bytes.subarray(at, cut));
    at = cut;
  }
  return seen;
}

const LENGTH = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"message":"Hello, World!"}';
const CHUNKED = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: yes\r\n\r\n';

describe('HttpResponseParser', () => {
  it('a Content-Length body, whole or cut at every byte', () => {
    expect(parse(LENGTH)).toEqual([[200, true]]);
    for (let cut = 1; cut < LENGTH.length; cut++) expect(parse(LENGTH, [cut])).toEqual([[200, true]]);
    expect(parse(LENGTH, Array.from({ length: LENGTH.length - 1 }, (_, i) => i + 1))).toEqual([[200, true]]);
  });

  it('a chunked body with extensions and trailers, whole or cut at every byte', () => {
    expect(parse(CHUNKED)).toEqual([[201, true]]);
    for (let cut = 1; cut < CHUNKED.length; cut++) expect(parse(CHUNKED, [cut])).toEqual([[201, true]]);
  });

  it('several responses in one read, each counted once, in order', () => {
    const bad = 'HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n';
    expect(parse(LENGTH + CHUNKED + bad + LENGTH)).toEqual([[200, true], [201, true], [500, true], [200, true]]);
  });

  it('no body for 204, 304 and a HEAD request; a 1xx is interim, not an answer', () => {
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n' + LENGTH)).toEqual([[204, true], [200, true]]);
    expect(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n')).toEqual([[304, true]]);
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n', [], true)).toEqual([[200, true]]);
    expect(parse('HTTP/1.1 100 Continue\r\n\r\n' + LENGTH)).toEqual([[200, true]]);
  });

  it('Connection: close and HTTP/1.0 end keep-alive; a body without length runs until close', () => {
    expect(parse(LENGTH.replace('Content-Type', 'Connection: close\r\nContent-Type'))).toEqual([[200, false]]);
    expect(parse(LENGTH.replace('HTTP/1.1', 'HTTP/1.0'))).toEqual([[200, false]]);
    expect(parse(LENGTH.replace('HTTP/1.1', 'HTTP/1.0').replace('Content-Type', 'Connection: keep-alive\r\nContent-Type'))).toEqual([[200, true]]);
    const seen: number[] = [];
    const parser = new HttpResponseParser((status) => seen.push(status));
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome body'));
    expect(seen).toEqual([]);
    expect(parser.end()).toBe(true);
    expect(seen).toEqual([200]);
  });

  it('says when the connection ended mid-response', () => {
    const parser = new HttpResponseParser(() => {});
    parser.push(Buffer.from(LENGTH.slice(0, 60)));
    expect(parser.midResponse).toBe(true);
    expect(parser.end()).toBe(false);
  });

  it('refuses what is not HTTP/1.x', () => {
    expect(() => parse('SSH-2.0-OpenSSH_9.6\r\n\r\n')).toThrow(/not an HTTP\/1.x response/);
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n')).toThrow(/Content-Length/);
    expect(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toThrow(/chunk size/);
  });
});

describe('httpRequestBytes', () => {
  it('request line, Host, the caller headers less Content-Length and Host, one Content-Length from the body', () => {
    const bytes = httpRequestBytes(new URL('http://127.0.0.1:8080/tool?x=1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Content-Length': '999', host: 'elsewhere' },
      body: '{"a":"é"}',
    });
    expect(bytes.toString('utf8')).toBe(
      'POST /tool?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\ncontent-type: application/json\r\nContent-Length: 10\r\n\r\n{"a":"é"}',
    );
  });

  it('a GET without a body has no Content-Length; an unknown method or a header with a line break is refused', () => {
    expect(httpRequestBytes(new URL('http://[::1]:1/json'), { method: 'GET', headers: {} }).toString()).toBe('GET /json HTTP/1.1\r\nHost: [::1]:1\r\n\r\n');
    expect(() => httpRequestBytes(new URL('http://127.0.0.1/'), { method: 'BREW', headers: {} })).toThrow(/BREW/);
    expect(() => httpRequestBytes(new URL('http://127.0.0.1/'), { method: 'GET', headers: { a: 'b\r\nc: d' } })).toThrow(/line break/);
  });
});
