import { createHash, generateKeyPairSync, KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { UnauthorizedException } from '@nestjs/common';
import { AuthProviderUser, SocialAuthProvider } from '@ackplus/nest-auth';
import { settings } from '../settings';

/**
 * A social sign-in provider that exists only in this test backend, so the SDK's social login can
 * be exercised against the real library without Google or Apple.
 *
 * It plays an OpenID Connect identity provider: the backend makes an RSA key pair when it starts,
 * POST /__test/social/id-token signs ID tokens with the private key, and the provider accepts a
 * token only if its RS256 signature checks out against the public key and its `iss`, `aud` and
 * `exp` claims are right, as the library's Google provider does with Google's keys. The user is
 * the token's `sub`; `email`, `email_verified` and `name` come from the claims too.
 *
 * It is registered through the library's `customAuthProviders` option in app.module.ts. Everything
 * after validation (finding the linked identity, honouring createUserIfNotExists, creating and
 * linking the user) is the library's own code, the same path Google and Apple sign-ins take.
 */
export const TEST_OIDC_PROVIDER = 'test-oidc';
export const TEST_OIDC_ISSUER = 'https://test-oidc.nestauth-reference-backend.invalid';
export const TEST_OIDC_AUDIENCE = 'nestauth-reference-backend';

/** Made once per process: tokens signed before a restart are not accepted after it. */
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_ID = randomUUID();

export interface IdTokenRequest {
  email: string;
  name?: string;
  /** Defaults to a value derived from the email, so one email is always the same account. */
  sub?: string;
  emailVerified?: boolean;
  /** Lifetime in seconds (default 600); negative gives a token that has already expired. */
  expiresInSeconds?: number;
  /** For negative tests: a token issued by someone else, or for another client. */
  issuer?: string;
  audience?: string;
}

export interface SignedIdToken {
  idToken: string;
  sub: string;
  email: string;
  iss: string;
  aud: string;
  exp: number;
}

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function subjectFor(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/** Signs an ID token for the email with the backend's private key (RS256). */
export function signIdToken(request: IdTokenRequest): SignedIdToken {
  const email = request.email.trim();
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (request.expiresInSeconds ?? 600);
  const claims: Record<string, unknown> = {
    iss: request.issuer ?? TEST_OIDC_ISSUER,
    aud: request.audience ?? TEST_OIDC_AUDIENCE,
    sub: request.sub ?? subjectFor(email),
    email,
    email_verified: request.emailVerified ?? true,
    iat: Math.min(now, exp - 1),
    exp,
  };
  if (request.name) claims.name = request.name;
  const signingInput = `${b64urlJson({ alg: 'RS256', typ: 'JWT', kid: KEY_ID })}.${b64urlJson(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), keys.privateKey).toString('base64url');
  return {
    idToken: `${signingInput}.${signature}`,
    sub: claims.sub as string,
    email,
    iss: claims.iss as string,
    aud: claims.aud as string,
    exp,
  };
}

/** The claims of a token this backend signed; throws with the reason otherwise. */
export function verifyIdToken(token: string, publicKey: KeyObject = keys.publicKey): Record<string, any> {
  const parts = String(token ?? '').split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const [headerPart, payloadPart, signaturePart] = parts;
  let header: Record<string, any>;
  let claims: Record<string, any>;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    throw new Error('not a JWT');
  }
  // The algorithm is fixed, never taken from the token ("alg: none" or HS256 with the public key
  // as secret must not get through).
  if (header.alg !== 'RS256') throw new Error(`unexpected alg ${header.alg}`);
  if (header.kid !== undefined && header.kid !== KEY_ID) throw new Error('unknown key id');
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) throw new Error('bad signature');
  if (claims.iss !== TEST_OIDC_ISSUER) throw new Error(`wrong issuer ${claims.iss}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(TEST_OIDC_AUDIENCE)) throw new Error(`wrong audience ${claims.aud}`);
  if (typeof claims.exp !== 'number') throw new Error('no exp');
  if (claims.exp <= Math.floor(Date.now() / 1000)) throw new Error('expired');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new Error('no sub');
  return claims;
}

export class TestOidcAuthProvider extends SocialAuthProvider {
  providerName = TEST_OIDC_PROVIDER;
  // like the library's Google, Apple and Facebook providers
  skipMfa = true;

  async validate(credentials: any): Promise<AuthProviderUser> {
    const type = credentials?.type ?? 'idToken';
    if (type !== 'idToken') {
      // the Google provider's answer to a type it does not know (this one has no access tokens)
      throw new UnauthorizedException(`The ${TEST_OIDC_PROVIDER} provider only accepts type idToken, not ${type}`);
    }
    let claims: Record<string, any>;
    try {
      claims = verifyIdToken(credentials.token);
    } catch (error: any) {
      if (settings.log) console.error(`${TEST_OIDC_PROVIDER} ID token rejected: ${error?.message ?? error}`);
      // uncoded, as the Google provider answers a token that fails verification
      throw new UnauthorizedException(`Invalid ${TEST_OIDC_PROVIDER} ID token`);
    }
    return {
      userId: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : '',
      emailVerified: claims.email_verified === true,
      metadata: {
        name: claims.name,
        ...this.profileOverridesFromCredentials(credentials),
      },
    };
  }

  getRequiredFields(): string[] {
    return ['token'];
  }
}
