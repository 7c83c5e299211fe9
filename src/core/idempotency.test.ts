import { describe, expect, it } from 'vitest';
import {
  canonicalJson, decideOnStoredKey, IDEMPOTENCY_TTL_MS, idempotencyKeyProblem, IN_FLIGHT_ABANDONED_MS, requestFingerprint, responseIsKept,
  responseIsRemembered, type StoredKey,
} from './idempotency.js';

describe('Idempotency-Key rule', () => {
  it('accepts 1 to 255 printable ASCII characters, and nothing else', () => {
    expect(idempotencyKeyProblem(undefined)).toBeNull();
    expect(idempotencyKeyProblem('a')).toBeNull();
    expect(idempotencyKeyProblem('~'.repeat(255))).toBeNull();
    expect(idempotencyKeyProblem('')).toMatch(/1 to 255/);
    expect(idempotencyKeyProblem('a'.repeat(256))).toMatch(/1 to 255/);
    expect(idempotencyKeyProblem('ключ')).toMatch(/printable ASCII/);
    expect(idempotencyKeyProblem('a\u0000b')).toMatch(/printable ASCII/);
    expect(idempotencyKeyProblem(['a', 'b'])).toMatch(/one Idempotency-Key header/);
  });

  it('fingerprints the method, the path with its query and the body with its keys sorted', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const one = requestFingerprint('post', '/api/v1/contacts', { kind: 'parsed', value: { name: 'A', email: 'a@x' } });
    expect(requestFingerprint('POST', '/api/v1/contacts', { kind: 'parsed', value: { email: 'a@x', name: 'A' } })).toBe(one);
    expect(requestFingerprint('POST', '/api/v1/contacts?x=1', { kind: 'parsed', value: { name: 'A', email: 'a@x' } })).not.toBe(one);
    expect(requestFingerprint('POST', '/api/v1/imports', { kind: 'streamed', contentType: 'text/csv', contentLength: '10' }))
      .not.toBe(requestFingerprint('POST', '/api/v1/imports', { kind: 'streamed', contentType: 'text/csv', contentLength: '11' }));
  });

  it('decides what a stored key means for a request', () => {
    const done: StoredKey = { requestHash: 'h', status: 'done', createdAtMs: 0, responseBody: '{}' };
    expect(decideOnStoredKey(done, 'h', 1000)).toBe('replay');
    expect(decideOnStoredKey(done, 'other', 1000)).toBe('mismatch');
    expect(decideOnStoredKey({ ...done, responseBody: null }, 'h', 1000)).toBe('not-kept');
    expect(decideOnStoredKey(done, 'h', IDEMPOTENCY_TTL_MS)).toBe('free');
    const inFlight: StoredKey = { ...done, status: 'in-flight', responseBody: null };
    expect(decideOnStoredKey(inFlight, 'h', 1000)).toBe('in-flight');
    expect(decideOnStoredKey(inFlight, 'other', 1000)).toBe('mismatch');
    expect(decideOnStoredKey(inFlight, 'h', IN_FLIGHT_ABANDONED_MS)).toBe('free');
  });

  it('remembers successes only, and never a response that carries a secret or a cookie', () => {
    expect([200, 201, 202, 204].every(responseIsRemembered)).toBe(true);
    expect([400, 404, 409, 422, 500].some(responseIsRemembered)).toBe(false);
    expect(responseIsKept('/api/v1/contacts', false)).toBe(true);
    expect(responseIsKept('/api/v1/contacts', true)).toBe(false);
    expect(responseIsKept('/api/v1/tokens', false)).toBe(false);
  });
});
