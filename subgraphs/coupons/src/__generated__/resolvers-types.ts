import type { GraphQLResolveInfo } from 'graphql';
import type { CouponRow, AccountRef } from '../db/schema.js';
import type { SubgraphContext } from '@shop/platform';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Account = {
  __typename?: 'Account';
  /** The account's wallet of coupons, most recently redeemed first (the account itself, OPERATOR or ADMIN). */
  coupons: Array<Coupon>;
  id: Scalars['ID']['output'];
};

/** A promo code (S3): a percentage or an amount off the cart's subtotal, under its rules. */
export type Coupon = {
  __typename?: 'Coupon';
  /** Upper-case; customers may type it in any case. */
  code: Scalars['String']['output'];
  createdAt: Scalars['String']['output'];
  /** Until when the coupon applies (ISO-8601, exclusive); null: no end. */
  endsAt?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: CouponKind;
  /** Total uses over all customers; null: unlimited. */
  maxUses?: Maybe<Scalars['Int']['output']>;
  /** The subtotal (after promotions, before coupons) a cart needs for the coupon to apply. */
  minSubtotal?: Maybe<Money>;
  /** Uses per customer; null: unlimited. */
  perCustomerLimit?: Maybe<Scalars['Int']['output']>;
  /** Delivery region the coupon is limited to, matched case-insensitively against the address; null: anywhere. */
  region?: Maybe<Scalars['String']['output']>;
  /** From when the coupon applies (ISO-8601); null: from its creation. */
  startsAt?: Maybe<Scalars['String']['output']>;
  /** Uses not yet taken by orders (a use comes back when its order is cancelled); null: unlimited. */
  usesRemaining?: Maybe<Scalars['Int']['output']>;
  /** PERCENT: 1 to 100 (percent of the subtotal, rounded down to the minor unit). AMOUNT: minor units of the shop currency. */
  value: Scalars['Int']['output'];
};

export type CouponInput = {
  /** 3 to 32 letters, digits, dashes or underscores; stored upper-case. */
  code: Scalars['String']['input'];
  /** After startsAt. */
  endsAt?: InputMaybe<Scalars['String']['input']>;
  kind: CouponKind;
  /** At least 1; null: unlimited. */
  maxUses?: InputMaybe<Scalars['Int']['input']>;
  /** In the shop currency. */
  minSubtotal?: InputMaybe<MoneyInput>;
  /** At least 1; null: unlimited. */
  perCustomerLimit?: InputMaybe<Scalars['Int']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  startsAt?: InputMaybe<Scalars['String']['input']>;
  /** PERCENT: 1 to 100. AMOUNT: minor units of the shop currency, > 0. */
  value: Scalars['Int']['input'];
};

export type CouponKind =
  | 'AMOUNT'
  | 'PERCENT';

export type Money = {
  __typename?: 'Money';
  /** Minor units (cents). */
  amount: Scalars['Int']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

export type MoneyInput = {
  /** Minor units (cents), >= 0. */
  amount: Scalars['Int']['input'];
  /** ISO 4217 code. */
  currency: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Creates a coupon (OPERATOR). Codes are case-insensitive and unique. */
  createCoupon: Coupon;
  /**
   * Puts the coupon with this code (any letter case) into the caller's wallet of coupons; only
   * coupons of the wallet apply to the caller's carts. Redeeming a code again returns the same
   * coupon. Unknown, expired or used-up codes: COUPON_INVALID with `extensions.reason`.
   */
  redeemCoupon: Coupon;
};


export type MutationCreateCouponArgs = {
  input: CouponInput;
};


export type MutationRedeemCouponArgs = {
  code: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Every coupon, by code (OPERATOR). Without `first`, all of them; with `first`, that many
   * after the code `after` (the code of the last coupon of the previous page).
   */
  coupons: Array<Coupon>;
};


export type QueryCouponsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Account: Account;
  Coupon: Coupon;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  Coupon:
    ( { __typename: 'Coupon' }
    & GraphQLRecursivePick<FederationTypes['Coupon'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Account: ResolverTypeWrapper<AccountRef>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Coupon: ResolverTypeWrapper<CouponRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CouponInput: CouponInput;
  CouponKind: CouponKind;
  Money: ResolverTypeWrapper<Money>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Account: AccountRef;
  ID: Scalars['ID']['output'];
  Coupon: CouponRow;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  CouponInput: CouponInput;
  Money: Money;
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
}>;

export type AccountResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  coupons?: Resolver<Array<ResolversTypes['Coupon']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CouponResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Coupon'] = ResolversParentTypes['Coupon'], FederationReferenceType extends FederationReferenceTypes['Coupon'] = FederationReferenceTypes['Coupon']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Coupon']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  endsAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['CouponKind'], ParentType, ContextType>;
  maxUses?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  minSubtotal?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  perCustomerLimit?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startsAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  usesRemaining?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createCoupon?: Resolver<ResolversTypes['Coupon'], ParentType, ContextType, RequireFields<MutationCreateCouponArgs, 'input'>>;
  redeemCoupon?: Resolver<ResolversTypes['Coupon'], ParentType, ContextType, RequireFields<MutationRedeemCouponArgs, 'code'>>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  coupons?: Resolver<Array<ResolversTypes['Coupon']>, ParentType, ContextType, Partial<QueryCouponsArgs>>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Account?: AccountResolvers<ContextType>;
  Coupon?: CouponResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

