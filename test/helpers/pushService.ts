/**
 * A stand-in Web Push service on 127.0.0.1 that checks what a real one checks, by its own reading of
 * the RFCs (node:crypto only, nothing shared with web-push):
 * - VAPID (RFC 8292): `Authorization: vapid t=<JWT>, k=<key>`; the JWT is ES256, signed by the key
 *   in `k`, which must be the applicationServerKey the subscription was made with; `aud` is the
 *   endpoint's origin, `exp` in the future and at most 24 hours ahead, `sub` a mailto: or https: URL.
 * - the message (RFC 8030): a TTL header, `Content-Encoding: aes128gcm`, a Topic of at most 32
 *   base64url characters when present.
 * - the payload (RFC 8291 over RFC 8188): decrypted with the subscription's private key and auth
 *   secret, which only the "browser" (this helper) holds.
 * What arrives and passes is recorded; a check that fails is answered 400/401/403 and recorded too.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BrowserSubscription {
  /** The PushSubscription JSON a browser would give. */
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
  id: string;
}

export interface ReceivedPush {
  subscriptionId: string;
  payload: unknown;
  ttl: number;
  topic: string | null;
  urgency: string | null;
  claims: { aud: string; exp: number; sub: string };
}

/** What the push service answers for one subscription: 201, a status, or no answer at all (`hold`). */
export type Behaviour = { kind: 'accept' } | { kind: 'status'; status: number } | { kind: 'hold' };

interface Held {
  ecdh: ECDH;
  auth: Buffer;
  serverKey: string;
  behaviour: Behaviour;
}

const b64u = (data: Buffer): string => data.toString('base64url');

export class StandInPushService {
  readonly received: ReceivedPush[] = [];
  readonly rejected: Array<{ subscriptionId: string; reason: string }> = [];
  /** Every request that reached the service, checked or not (a held one counts once it arrived). */
  readonly arrivals: string[] = [];
  private readonly subscriptions = new Map<string, Held>();
  private readonly waiters: Array<() => void> = [];
  private server!: Server;
  origin = '';

  static async start(): Promise<StandInPushService> {
    const service = new StandInPushService();
    service.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const outcome = service.accept(request, Buffer.concat(chunks));
        if (outcome === 'hold') return;
        response.statusCode = outcome;
        response.end();
      });
    });
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    service.origin = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
    return service;
  }

  /** A browser subscribing with the server's applicationServerKey: a key pair and auth secret only it knows. */
  subscribe(applicationServerKey: string, behaviour: Behaviour = { kind: 'accept' }): BrowserSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const id = b64u(randomBytes(12));
    this.subscriptions.set(id, { ecdh, auth, serverKey: applicationServerKey, behaviour });
    return { id, json: { endpoint: `${this.origin}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } } };
  }

  behave(subscriptionId: string, behaviour: Behaviour): void {
    const held = this.subscriptions.get(subscriptionId);
    if (held) held.behaviour = behaviour;
  }

  /** Resolves once `count` requests have arrived in all. */
  async arrived(count: number): Promise<void> {
    while (this.arrivals.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private accept(request: IncomingMessage, body: Buffer): number | 'hold' {
    const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '')?.[1] ?? '';
    this.arrivals.push(id);
    for (const wake of this.waiters.splice(0)) wake();
    const held = this.subscriptions.get(id);
    if (!held || request.method !== 'POST') return 404;
    const reject = (status: number, reason: string) => {
      this.rejected.push({ subscriptionId: id, reason });
      return status;
    };
    let claims: ReceivedPush['claims'];
    try {
      claims = this.checkVapid(String(request.headers.authorization ?? ''), held.serverKey);
    } catch (error) {
      return reject(error instanceof Forbidden ? 403 : 401, (error as Error).message);
    }
    const ttl = Number(request.headers.ttl);
    if (request.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) return reject(400, 'TTL header missing or not a whole number of seconds');
    const topic = request.headers.topic === undefined ? null : String(request.headers.topic);
    if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return reject(400, `bad Topic ${topic}`);
    if (request.headers['content-encoding'] !== 'aes128gcm') return reject(415, `Content-Encoding ${String(request.headers['content-encoding'])}`);
    let payload: unknown;
    try {
      payload = JSON.parse(decryptAes128gcm(body, held.ecdh, held.auth).toString('utf8'));
    } catch (error) {
      return reject(400, `payload did not decrypt: ${(error as Error).message}`);
    }
    if (held.behaviour.kind === 'hold') {
      this.received.push({ subscriptionId: id, payload, ttl, topic, urgency: request.headers.urgency === undefined ? null : String(request.headers.urgency), claims });
      return 'hold';
    }
    if (held.behaviour.kind === 'status') return held.behaviour.status;
    this.received.push({ subscriptionId: id, payload, ttl, topic, urgency: request.headers.urgency === undefined ? null : String(request.headers.urgency), claims });
    return 201;
  }

  /** RFC 8292 §2-3. Throws Forbidden when the key is not the subscription's, an Error for anything else. */
  private checkVapid(header: string, expectedKey: string): ReceivedPush['claims'] {
    const match = /^vapid\s+(.+)$/i.exec(header.trim());
    if (!match?.[1]) throw new Error('no vapid Authorization');
    const params = new Map(match[1].split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }));
    const token = params.get('t');
    const key = params.get('k');
    if (!token || !key) throw new Error('vapid Authorization needs t= and k=');
    if (key !== expectedKey) throw new Forbidden('k is not the key this subscription was made with');
    const raw = Buffer.from(key, 'base64url');
    if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) }, format: 'jwk' });
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) throw new Error('t is not a JWT');
    const jose = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (jose.alg !== 'ES256') throw new Error(`JWT alg ${String(jose.alg)}, not ES256`);
    const signed = verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
    if (!signed) throw new Error('JWT signature does not verify with k');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<ReceivedPush['claims']>;
    if (claims.aud !== this.origin) throw new Error(`aud ${String(claims.aud)} is not ${this.origin}`);
    const nowSeconds = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds || claims.exp > nowSeconds + 24 * 3600) throw new Error(`exp ${String(claims.exp)} not within 24 h`);
    if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) throw new Error(`sub ${String(claims.sub)} missing or not mailto:/https:`);
    return { aud: claims.aud, exp: claims.exp, sub: claims.sub };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class Forbidden extends Error {}

/**
 * RFC 8188 records under the RFC 8291 key: header salt(16) rs(4) idlen(1) keyid(idlen = the
 * sender's ephemeral public key); IKM from ECDH and the auth secret; each record's nonce XORed with
 * its sequence number; padding ends at the delimiter (2 for the last record).
 */
export function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  if (body.length < 21) throw new Error('shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20] ?? 0;
  const senderKey = body.subarray(21, 21 + idLength);
  if (senderKey.length !== 65) throw new Error('keyid is not the sender\'s 65-byte public key');
  const shared = ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const records = body.subarray(21 + idLength);
  const plain: Buffer[] = [];
  for (let offset = 0, sequence = 0; offset < records.length; offset += recordSize, sequence++) {
    const record = records.subarray(offset, offset + recordSize);
    const nonce = Buffer.from(baseNonce);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = offset + recordSize >= records.length;
    if (padded[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}
