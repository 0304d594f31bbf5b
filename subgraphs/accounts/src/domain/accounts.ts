import { and, desc, eq, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import {
  anyUuidOf,
  ACCOUNT_CHANGED_CHANNEL,
  AppError,
  ErrorCode,
  ROLES,
  Statement,
  uuidList,
  isUuid,
  badInput,
  notFound,
  unauthenticated,
  uuidv7,
  type AccountIdentity,
  type CustomerLevel,
  type Outbox,
  type PubSub,
  type RateLimiter,
  type Role,
  type TokenService,
  type RevocationList,
  type Db,
  type Tx,
  type Logger,
} from '@shop/platform';
import { accounts, addresses, swimmers, type AccountRow, type AddressRow, type SwimmerRow } from '../db/schema.js';
import { AccountEvents } from '../events/types.js';
import { DECOY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';
import {
  checkBirthDate,
  checkPassword,
  normalizeCountry,
  normalizeEmail,
  normalizePhone,
  normalizePostalCode,
  optionalText,
  requiredText,
} from './validation.js';

export type Channel = 'EMAIL' | 'SMS';
export type Locale = 'EN' | 'ZH' | 'RU';

export interface AuthResult {
  token: string;
  expiresAt: string;
  account: AccountRow;
}

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  phone?: string | null;
  channels?: Channel[] | null;
  locale?: Locale | null;
}

export interface AddressInput {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region: string;
  country: string;
  postalCode: string;
  phone?: string | null;
}

export interface AccountServiceDeps {
  db: Db;
  outbox: Outbox;
  tokens: TokenService;
  revocations: RevocationList;
  rateLimiter: RateLimiter;
  pubsub: PubSub;
  log: Logger;
  /** Regions and postal codes we do not deliver to (S4), compared case-insensitively. */
  blacklist: { regions: string[]; postalCodes: string[] };
}

const LOGIN_ATTEMPTS = 10;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const MAX_ADDRESSES = 20;
const MAX_SWIMMERS = 20;

/** Accounts by id (the gateway's identity lookups batch every account of an event-loop turn). */
const accountsByIds = new Statement((db) => db.select().from(accounts).where(anyUuidOf(accounts.id, 'ids')));

/** An address by id, only if it is the account's: checkout reads one for every order. */
const accountAddress = new Statement((db) =>
  db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, sql.placeholder('addressId')), eq(addresses.accountId, sql.placeholder('accountId')))),
);

/** A swimmer by id, only if it is the account's: every class hold reads one. */
const accountSwimmer = new Statement((db) =>
  db
    .select()
    .from(swimmers)
    .where(and(eq(swimmers.id, sql.placeholder('swimmerId')), eq(swimmers.accountId, sql.placeholder('accountId')))),
);

/** Accounts, sign-in and the account's own data. Resolvers validate roles; this validates input. */
export class AccountService {
  private readonly blockedRegions: Set<string>;
  private readonly blockedPostalCodes: Set<string>;

  constructor(private readonly deps: AccountServiceDeps) {
    this.blockedRegions = new Set(deps.blacklist.regions.map((r) => r.trim().toUpperCase()));
    this.blockedPostalCodes = new Set(deps.blacklist.postalCodes.map((p) => p.trim().toUpperCase()));
  }

  async signUp(input: SignUpInput): Promise<AuthResult> {
    const email = normalizeEmail(input.email);
    const password = checkPassword(input.password);
    const name = requiredText('name', input.name, 100);
    const phone = normalizePhone('phone', input.phone);
    const channels = this.checkChannels(input.channels ?? ['EMAIL'], phone);
    const passwordHash = await hashPassword(password);
    const id = uuidv7();
    const account = await this.deps.outbox.transaction(async (tx) => {
      const [row] = await tx
        .insert(accounts)
        .values({ id, email, name, phone, passwordHash, channels, locale: input.locale ?? 'EN', roles: ['CUSTOMER'] })
        .onConflictDoNothing({ target: accounts.email })
        .returning();
      if (!row) throw badInput('email', 'An account with this email already exists');
      await this.deps.outbox.add(tx, {
        type: AccountEvents.Registered,
        aggregateId: row.id,
        aggregateVersion: row.version,
        payload: contactPayload(row),
      });
      return row;
    });
    this.deps.log.info({ accountId: account.id }, 'account registered');
    return this.issue(account);
  }

  async logIn(emailInput: string, password: string): Promise<AuthResult> {
    const email = emailInput.trim().toLowerCase();
    const decision = await this.deps.rateLimiter.hit(`login:${email}`, LOGIN_ATTEMPTS, LOGIN_WINDOW_MS);
    if (!decision.allowed) {
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many sign-in attempts; try again later', {
        retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000),
      });
    }
    const [account] = await this.deps.db.select().from(accounts).where(eq(accounts.email, email)).limit(1);
    const ok = await verifyPassword(password, account?.passwordHash ?? (await DECOY_HASH_PROMISE));
    if (!account || !ok) throw unauthenticated('Invalid email or password');
    await this.deps.rateLimiter.reset(`login:${email}`);
    return this.issue(account);
  }

  async logOut(identity: AccountIdentity): Promise<boolean> {
    await this.deps.revocations.revoke(identity.jti, identity.exp);
    this.deps.log.info({ accountId: identity.accountId }, 'token revoked');
    return true;
  }

  async byIds(ids: readonly string[]): Promise<AccountRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? accountsByIds.run(this.deps.db, { ids: uuidList(valid) }) : [];
  }

  async byId(id: string): Promise<AccountRow | null> {
    return (await this.byIds([id]))[0] ?? null;
  }

  /** Newest first; `search` matches a fragment of the email or name. */
  async list(search: string | null | undefined, limit: number, after: [string, string] | null): Promise<AccountRow[]> {
    const conditions = [];
    if (search?.trim()) {
      const pattern = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(or(ilike(accounts.email, pattern), ilike(accounts.name, pattern)));
    }
    if (after) {
      conditions.push(
        or(lt(accounts.createdAt, after[0]), and(eq(accounts.createdAt, after[0]), lt(accounts.id, after[1]))),
      );
    }
    return this.deps.db
      .select()
      .from(accounts)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(accounts.createdAt), desc(accounts.id))
      .limit(limit + 1);
  }

  grantRole(accountId: string, role: Role): Promise<AccountRow> {
    return this.change(accountId, (row) => ({ roles: row.roles.includes(role) ? row.roles : [...row.roles, role] }));
  }

  revokeRole(accountId: string, role: Role): Promise<AccountRow> {
    if (role === 'CUSTOMER') throw badInput('role', 'CUSTOMER cannot be revoked');
    return this.change(accountId, (row) => ({ roles: row.roles.filter((r) => r !== role) }));
  }

  setLevel(accountId: string, level: CustomerLevel): Promise<AccountRow> {
    return this.change(accountId, () => ({ level }));
  }

  setChannels(accountId: string, channels: Channel[]): Promise<AccountRow> {
    return this.change(accountId, (row) => ({ channels: this.checkChannels(channels, row.phone) }));
  }

  setLocale(accountId: string, locale: Locale): Promise<AccountRow> {
    return this.change(accountId, () => ({ locale }));
  }

  async addAddress(accountId: string, input: AddressInput): Promise<AddressRow> {
    const values = {
      id: uuidv7(),
      accountId,
      name: requiredText('name', input.name, 100),
      line1: requiredText('line1', input.line1, 200),
      line2: optionalText('line2', input.line2, 200),
      city: requiredText('city', input.city, 100),
      region: requiredText('region', input.region, 100),
      country: normalizeCountry(input.country),
      postalCode: normalizePostalCode(input.postalCode),
      phone: normalizePhone('phone', input.phone),
    };
    const blocked = this.blockedReason(values);
    if (blocked) throw badInput(blocked.field, blocked.message);
    return this.deps.db.transaction(async (tx) => {
      await this.lockAccount(tx, accountId);
      const [{ count }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(addresses)
        .where(eq(addresses.accountId, accountId));
      if (count >= MAX_ADDRESSES) throw badInput('input', `An account can keep at most ${MAX_ADDRESSES} addresses`);
      const [row] = await tx.insert(addresses).values(values).returning();
      return row;
    });
  }

  /** Why an address cannot be delivered to (S4 blacklist), or null when it can. */
  blockedReason(address: Pick<AddressRow, 'region' | 'postalCode'>): { field: string; message: string } | null {
    if (this.blockedRegions.has(address.region.trim().toUpperCase())) {
      return { field: 'region', message: `We do not deliver to region ${address.region}` };
    }
    if (this.blockedPostalCodes.has(address.postalCode.trim().toUpperCase())) {
      return { field: 'postalCode', message: `We do not deliver to postal code ${address.postalCode}` };
    }
    return null;
  }

  async addSwimmer(accountId: string, input: { name: string; birthDate?: string | null }): Promise<SwimmerRow> {
    const values = {
      id: uuidv7(),
      accountId,
      name: requiredText('name', input.name, 100),
      birthDate: checkBirthDate(input.birthDate),
    };
    return this.deps.db.transaction(async (tx) => {
      await this.lockAccount(tx, accountId);
      const [{ count }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(swimmers)
        .where(eq(swimmers.accountId, accountId));
      if (count >= MAX_SWIMMERS) throw badInput('input', `An account can keep at most ${MAX_SWIMMERS} swimmers`);
      const [row] = await tx.insert(swimmers).values(values).returning();
      return row;
    });
  }

  addressesOf(accountIds: readonly string[]): Promise<AddressRow[]> {
    return this.deps.db.select().from(addresses).where(inArray(addresses.accountId, [...accountIds])).orderBy(addresses.id);
  }

  swimmersOf(accountIds: readonly string[]): Promise<SwimmerRow[]> {
    return this.deps.db.select().from(swimmers).where(inArray(swimmers.accountId, [...accountIds])).orderBy(swimmers.id);
  }

  /** The address if it is one of the account's (checkout's look-up, on every order). */
  async addressOf(accountId: string, addressId: string): Promise<AddressRow | null> {
    if (!isUuid(accountId) || !isUuid(addressId)) return null;
    const [row] = await accountAddress.run(this.deps.db, { accountId, addressId });
    return row ?? null;
  }

  /** The swimmer if it is one of the account's (a class hold's look-up). */
  async swimmerOf(accountId: string, swimmerId: string): Promise<SwimmerRow | null> {
    if (!isUuid(accountId) || !isUuid(swimmerId)) return null;
    const [row] = await accountSwimmer.run(this.deps.db, { accountId, swimmerId });
    return row ?? null;
  }

  async addressesByIds(ids: readonly string[]): Promise<AddressRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.deps.db.select().from(addresses).where(inArray(addresses.id, valid)) : [];
  }

  async swimmersByIds(ids: readonly string[]): Promise<SwimmerRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.deps.db.select().from(swimmers).where(inArray(swimmers.id, valid)) : [];
  }

  /** Creates the bootstrap ADMIN if no account has that email; gives ADMIN to it if it lacks it. */
  async ensureAdmin(emailInput: string, password: string): Promise<void> {
    const email = normalizeEmail(emailInput);
    const passwordHash = await hashPassword(password);
    const [created] = await this.deps.db
      .insert(accounts)
      .values({ id: uuidv7(), email, name: 'Administrator', passwordHash, roles: ['CUSTOMER', 'ADMIN'] })
      .onConflictDoNothing({ target: accounts.email })
      .returning({ id: accounts.id });
    if (created) {
      this.deps.log.info({ email }, 'admin account created');
      return;
    }
    const [existing] = await this.deps.db.select().from(accounts).where(eq(accounts.email, email));
    if (existing && !existing.roles.includes('ADMIN')) await this.grantRole(existing.id, 'ADMIN');
  }

  private checkChannels(channels: Channel[], phone: string | null): Channel[] {
    const unique = [...new Set(channels)];
    if (unique.includes('SMS') && !phone) throw badInput('channels', 'SMS notifications need a phone number');
    return unique;
  }

  private async lockAccount(tx: Tx, accountId: string): Promise<AccountRow> {
    const [row] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for('update');
    if (!row) throw notFound('Account');
    return row;
  }

  /**
   * Changes an account under a row lock, bumps its version, records AccountUpdated in the
   * outbox, and tells every gateway to forget the cached roles and level.
   */
  private async change(accountId: string, patch: (row: AccountRow) => Partial<Pick<AccountRow, 'roles' | 'level' | 'channels' | 'locale'>>): Promise<AccountRow> {
    if (!isUuid(accountId)) throw notFound('Account');
    const updated = await this.deps.outbox.transaction(async (tx) => {
      const current = await this.lockAccount(tx, accountId);
      const next = patch(current);
      const roles = (next.roles ?? current.roles).filter((r) => (ROLES as readonly string[]).includes(r));
      const [row] = await tx
        .update(accounts)
        .set({ ...next, roles, version: current.version + 1, updatedAt: new Date().toISOString() })
        .where(eq(accounts.id, accountId))
        .returning();
      await this.deps.outbox.add(tx, {
        type: AccountEvents.Updated,
        aggregateId: row.id,
        aggregateVersion: row.version,
        payload: { ...contactPayload(row), roles: row.roles, level: row.level },
      });
      return row;
    });
    await this.deps.pubsub.publish(ACCOUNT_CHANGED_CHANNEL, accountId).catch((err: unknown) => {
      this.deps.log.warn({ err, accountId }, 'account change not broadcast; gateways see it when their cache expires');
    });
    return updated;
  }

  private async issue(account: AccountRow): Promise<AuthResult> {
    const { token, claims } = await this.deps.tokens.issue(account.id);
    return { token, expiresAt: new Date(claims.exp * 1000).toISOString(), account };
  }
}

/** What other services keep of an account (notifications: where and in which language to write). */
function contactPayload(row: AccountRow) {
  return { accountId: row.id, email: row.email, name: row.name, phone: row.phone, channels: row.channels, locale: row.locale };
}
