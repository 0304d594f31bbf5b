import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenService, type TokenOptions } from './tokens.js';

const OPTIONS: TokenOptions = {
  secret: 'test-secret-0123456789-0123456789-abcdef',
  issuer: 'shop',
  audience: 'shop-api',
  ttlSeconds: 3600,
};
const service = new TokenService(OPTIONS);
const key = new TextEncoder().encode(OPTIONS.secret);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token that is right in every way except what `mutate` changes. */
async function sign(
  mutate: (jwt: SignJWT) => SignJWT = (j) => j,
  alg = 'HS256',
  signingKey: Uint8Array = key,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject('acc-1')
    .setJti('jti-1')
    .setIssuer(OPTIONS.issuer)
    .setAudience(OPTIONS.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 600);
  return mutate(jwt).sign(signingKey);
}

async function expectUnauthenticated(token: string, message = /.+/): Promise<void> {
  const err = await service.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphQLError);
  expect((err as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
  expect((err as GraphQLError).message).toMatch(message);
}

describe('TokenService', () => {
  it('verifies what it issues', async () => {
    const now = Date.now();
    const { token, claims } = await service.issue('acc-42', now);
    expect(claims.accountId).toBe('acc-42');
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp).toBe(Math.floor(now / 1000) + 3600);
    expect(await service.verify(token)).toEqual(claims);

    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const second = await service.issue('acc-42', now);
    expect(second.claims.jti).not.toBe(claims.jti);
  });

  it('accepts a correct hand-made token (so the rejections below are about one change each)', async () => {
    expect(await service.verify(await sign())).toMatchObject({ accountId: 'acc-1', jti: 'jti-1' });
  });

  it('rejects a token signed with another secret', async () => {
    const other = new TokenService({ ...OPTIONS, secret: 'another-secret-0123456789-0123456789-xyz' });
    await expectUnauthenticated((await other.issue('acc-1')).token, /Invalid token/);
  });

  it('rejects a wrong issuer', async () => {
    await expectUnauthenticated(await sign((j) => j.setIssuer('evil')), /Invalid token/);
    const other = new TokenService({ ...OPTIONS, issuer: 'other-shop' });
    await expectUnauthenticated((await other.issue('acc-1')).token);
  });

  it('rejects a wrong audience', async () => {
    await expectUnauthenticated(await sign((j) => j.setAudience('other-api')), /Invalid token/);
    const other = new TokenService({ ...OPTIONS, audience: 'admin-api' });
    await expectUnauthenticated((await other.issue('acc-1')).token);
  });

  it('rejects an expired token', async () => {
    const { token } = await service.issue('acc-1', Date.now() - 3600_000 - 5_000);
    await expectUnauthenticated(token, /expired/);
  });

  it('rejects alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { sub: 'acc-1', jti: 'jti-1', iss: 'shop', aud: 'shop-api', iat: now, exp: now + 600 };
    await expectUnauthenticated(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`, /Invalid token/);
    // The same with a signature stolen from a genuine token.
    const genuine = (await service.issue('acc-1')).token;
    await expectUnauthenticated(`${b64({ alg: 'none' })}.${b64(payload)}.${genuine.split('.')[2]}`);
  });

  it('rejects an HS512 token signed with the right secret', async () => {
    await expectUnauthenticated(await sign((j) => j, 'HS512'), /Invalid token/);
  });

  it('rejects a tampered payload, missing claims and garbage', async () => {
    const [h, , s] = (await service.issue('acc-1')).token.split('.');
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthenticated(`${h}.${b64({ sub: 'admin', jti: 'x', iss: 'shop', aud: 'shop-api', exp: now + 60 })}.${s}`);
    const noJti = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('acc-1')
      .setIssuer('shop')
      .setAudience('shop-api')
      .setExpirationTime(now + 60)
      .sign(key);
    await expectUnauthenticated(noJti);
    await expectUnauthenticated('not-a-token');
    await expectUnauthenticated('');
  });

  it('rejects a token not valid yet and one with critical header extensions; accepts an audience list', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectUnauthenticated(await sign((j) => j.setNotBefore(now + 120)));
    const critical = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', crit: ['b64'], b64: true })
      .setSubject('acc-1')
      .setJti('jti-1')
      .setIssuer(OPTIONS.issuer)
      .setAudience(OPTIONS.audience)
      .setExpirationTime(now + 60)
      .sign(key);
    await expectUnauthenticated(critical);
    expect((await service.verify(await sign((j) => j.setAudience(['other-api', OPTIONS.audience])))).accountId).toBe('acc-1');
    await expectUnauthenticated(await sign((j) => j.setAudience(['other-api'])));
  });

  it('rejects a signature of the wrong length and a payload that is not an object', async () => {
    const [h, p] = (await service.issue('acc-1')).token.split('.');
    await expectUnauthenticated(`${h}.${p}.${Buffer.from('short').toString('base64url')}`);
    await expectUnauthenticated(`${h}.${Buffer.from('[1,2]').toString('base64url')}.${Buffer.alloc(32).toString('base64url')}`);
  });

  describe('a token verified before', () => {
    afterEach(() => vi.useRealTimers());

    it('is known by its exact text until it expires, and then refused', async () => {
      const local = new TokenService(OPTIONS);
      const now = Date.now();
      const { token, claims } = await local.issue('acc-7', now);
      expect(await local.verify(token)).toEqual(claims);
      expect(await local.verify(token)).toEqual(claims);
      vi.useFakeTimers({ now: now + OPTIONS.ttlSeconds * 1000 + 1000 });
      await expect(local.verify(token)).rejects.toMatchObject({ message: expect.stringMatching(/expired/), extensions: { code: 'UNAUTHENTICATED' } });
      // Refused again after it left the memory: the full checks say the same.
      await expect(local.verify(token)).rejects.toMatchObject({ message: expect.stringMatching(/expired/) });
    });

    it('vouches for nothing but that text: the same claims with another signature are refused', async () => {
      const local = new TokenService(OPTIONS);
      const { token } = await local.issue('acc-8');
      await local.verify(token);
      const [h, p] = token.split('.');
      await expect(local.verify(`${h}.${p}.${Buffer.alloc(32).toString('base64url')}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      await expect(local.verify(`${token} `)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    });
  });
});
