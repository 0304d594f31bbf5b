import { randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { unauthenticated } from '../errors.js';

const ALGORITHM = 'HS256';

export interface TokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** The verified content of an access token. */
export interface TokenClaims {
  accountId: string;
  /** Token id: what `logOut` revokes. */
  jti: string;
  /** Expiry, unix seconds. */
  exp: number;
}

/**
 * Access tokens: HS256 JWTs with a pinned algorithm, issuer, audience and expiry. They carry
 * only who the caller is; roles and level are looked up per request, so a grant takes effect
 * at once.
 */
export class TokenService {
  /** Imported once: given the raw bytes, jose imports the key again for every token. */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(private readonly options: TokenOptions) {
    this.key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async issue(accountId: string, now = Date.now()): Promise<{ token: string; claims: TokenClaims }> {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = { accountId, jti: randomUUID(), exp: iat + this.options.ttlSeconds };
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(accountId)
      .setJti(claims.jti)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(iat)
      .setExpirationTime(claims.exp)
      .sign(await this.key);
    return { token, claims };
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALGORITHM],
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      return { accountId: payload.sub!, jti: payload.jti!, exp: payload.exp! };
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthenticated('Token expired; sign in again');
      throw unauthenticated('Invalid token');
    }
  }
}
