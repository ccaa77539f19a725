import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Small, dependency-free helpers: HS256 JWT re-signing and RFC 6238 TOTP.
 * Both follow what the library does (jsonwebtoken HS256; speakeasy TOTP: SHA-1, 6 digits, 30 s).
 */

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function hs256(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/** Decodes a JWT signed with `secret` (HS256); throws if it is malformed or signed otherwise. */
export function verifyHs256(token: string, secret: string): Record<string, unknown> {
  const parts = String(token ?? '').split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const [header, payload, signature] = parts;
  let alg: unknown;
  try {
    alg = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg;
  } catch {
    throw new Error('not a JWT');
  }
  if (alg !== 'HS256') throw new Error(`unexpected alg ${alg}`);
  const expected = Buffer.from(hs256(`${header}.${payload}`, secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new Error('signature does not match this backend\'s secret');
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/** Same claims, re-signed, but already expired (exp one minute ago). */
export function expiredCopy(token: string, secret: string): { token: string; exp: number } {
  const claims = verifyHs256(token, secret);
  const now = Math.floor(Date.now() / 1000);
  const exp = now - 60;
  const iat = typeof claims.iat === 'number' && claims.iat < exp ? claims.iat : exp - 900;
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, iat, exp }));
  return { token: `${header}.${payload}.${hs256(`${header}.${payload}`, secret)}`, exp };
}

export function decodeJwtPayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8'));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character "${ch}"`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Current TOTP code for a base32 secret (what an authenticator app would show). */
export function totp(secretBase32: string, atMillis: number = Date.now()): string {
  const counter = Math.floor(atMillis / 1000 / 30);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}
