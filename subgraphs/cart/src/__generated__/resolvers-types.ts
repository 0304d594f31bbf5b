import type { GraphQLResolveInfo } from 'graphql';
import type { CartRow, CartItemRow, PromotionRow } from '../db/schema.js';
import type { CartProblemModel, CouponEligibilityModel, PriceSummaryView } from '../domain/pricer.js';
import type { PricedLineSnapshot, DiscountSnapshot, SubgraphContext } from '@shop/platform';
import type { ProductRef } from '../domain/promotions.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
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

export type Cart = {
  __typename?: 'Cart';
  /** The caller's coupons usable for this cart, best first. */
  applicableCoupons: Array<Coupon>;
  /** Every coupon in the caller's wallet: the discount it gives this cart, or why it does not apply. */
  couponEligibility: Array<CouponEligibility>;
  /** When held class seats go back unless the cart is paid; null while it holds none. */
  expiresAt?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  items: Array<CartItem>;
  /**
   * The cart priced on the server for the caller (S2): lines at the caller's level price,
   * automatic promotions, the given coupons, freight once per product, the usable wallet balance
   * and the total. `addressId` (one of the caller's addresses) gives the region for coupon region
   * rules; `currency` converts every amount (each rounded half away from zero to the currency's
   * minor unit; the total is the sum of the converted parts). Lines listed in `problems` are left
   * out.
   */
  priceSummary: PriceSummary;
  /** Lines that cannot be bought as they stand (off shelf, price changed, out of stock, gone). */
  problems: Array<CartProblem>;
  state: CartState;
  /** Increases with every change of the cart. */
  version: Scalars['Int']['output'];
};


export type CartApplicableCouponsArgs = {
  addressId?: InputMaybe<Scalars['ID']['input']>;
};


export type CartCouponEligibilityArgs = {
  addressId?: InputMaybe<Scalars['ID']['input']>;
};


export type CartPriceSummaryArgs = {
  addressId?: InputMaybe<Scalars['ID']['input']>;
  couponCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  currency?: InputMaybe<Scalars['String']['input']>;
};

export type CartItem = {
  __typename?: 'CartItem';
  id: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  /** A product line's SKU. */
  sku?: Maybe<Sku>;
  /** A class line's class. */
  swimClass?: Maybe<SwimClass>;
  /** A class line's swimmer. */
  swimmer?: Maybe<Swimmer>;
  /** The caller's level price now (a class line: the class price); the price the line was added at when it can no longer be priced. */
  unitPrice: Money;
};

export type CartProblem = {
  __typename?: 'CartProblem';
  code: CartProblemCode;
  itemId: Scalars['ID']['output'];
  message: Scalars['String']['output'];
};

/** Why a cart line cannot be bought as it stands; such a line is left out of the price summary. */
export type CartProblemCode =
  /** The class has no seat for the line. */
  | 'CLASS_FULL'
  /** The SKU or class no longer exists. */
  | 'NOT_FOUND'
  /** The product is not on shelf now. */
  | 'NOT_ON_SHELF'
  /** Fewer units are on display than the line asks for. */
  | 'OUT_OF_STOCK'
  /** The price differs from the one the line was added at; change the quantity or add it again to accept it. */
  | 'PRICE_CHANGED';

/**
 * Where a cart stands (MISSION C3). ACTIVE -> PENDING (items added) -> CHECKING (checked out, being
 * paid) -> APPLIED (paid; follow-up steps remain) -> DONE. PENDING or CHECKING -> EXPIRING -> EXPIRED
 * (its time ran out). ACTIVE, PENDING or CHECKING -> CANCELING -> CANCELED (cancelCart, or the
 * order was cancelled). Only ACTIVE and PENDING carts can be edited.
 */
export type CartState =
  | 'ACTIVE'
  | 'APPLIED'
  | 'CANCELED'
  | 'CANCELING'
  | 'CHECKING'
  | 'DONE'
  | 'EXPIRED'
  | 'EXPIRING'
  | 'PENDING';

export type Coupon = {
  __typename?: 'Coupon';
  id: Scalars['ID']['output'];
};

export type CouponEligibility = {
  __typename?: 'CouponEligibility';
  /** The discount it would give this cart (0 when not usable). */
  amount: Money;
  coupon: Coupon;
  /** Why it does not apply; null when usable. */
  reason?: Maybe<Scalars['String']['output']>;
  usable: Scalars['Boolean']['output'];
};

export type Discount = {
  __typename?: 'Discount';
  amount: Money;
  /** The coupon code or the promotion's name. */
  code?: Maybe<Scalars['String']['output']>;
  /** PROMOTION, COUPON or LEVEL. */
  source: Scalars['String']['output'];
};

export type Money = {
  __typename?: 'Money';
  /** Minor units (cents). */
  amount: Scalars['Int']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Phase 1 of class registration: takes a seat for one of the caller's swimmers now and holds it until the cart expires. */
  addClassToCart: Cart;
  /**
   * Adds units of a SKU to the caller's cart at the caller's level price; the same SKU adds to its
   * line. quantity: 1 to the line limit; the line may not ask for more than the displayed stock.
   */
  addToCart: Cart;
  /** Cancels the caller's current cart (CANCELING -> CANCELED) and gives its held seats back. */
  cancelCart: Cart;
  /**
   * Defines an automatic promotion (OPERATOR, M12): percent or amount off the listed products, or
   * off the whole cart when none are listed, inside its window.
   */
  createPromotion: Promotion;
  /** Removes a line; a class line gives its seat back. */
  removeCartItem: Cart;
  /** Sets the quantity of a line; 0 removes it. A class line holds exactly one seat. */
  updateCartItem: Cart;
};


export type MutationAddClassToCartArgs = {
  classId: Scalars['ID']['input'];
  swimmerId: Scalars['ID']['input'];
};


export type MutationAddToCartArgs = {
  quantity: Scalars['Int']['input'];
  skuId: Scalars['ID']['input'];
};


export type MutationCreatePromotionArgs = {
  input: PromotionInput;
};


export type MutationRemoveCartItemArgs = {
  itemId: Scalars['ID']['input'];
};


export type MutationUpdateCartItemArgs = {
  itemId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PriceSummary = {
  __typename?: 'PriceSummary';
  /** Every discount with its source: PROMOTION (code: the promotion's name) or COUPON (code: the coupon code). */
  discounts: Array<Discount>;
  /** The shelf freight of each product in the cart, once per product. */
  freight: Money;
  /** The lines that can be bought, at the caller's level price. */
  lines: Array<PricedLine>;
  /** Sum of the lines. */
  subtotal: Money;
  /** subtotal - discounts + freight; never negative. */
  total: Money;
  /** The caller's wallet balance usable for this cart: min(balance, total). */
  walletUsable: Money;
};

export type PricedLine = {
  __typename?: 'PricedLine';
  /** unitPrice x quantity, before discounts. */
  amount: Money;
  itemId: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  unitPrice: Money;
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  /** The active promotion that takes the most off the product's lowest price for the viewer; null when none. */
  promotion?: Maybe<Promotion>;
  skus: Array<Sku>;
};

export type Promotion = {
  __typename?: 'Promotion';
  /** Inside its window now. */
  active: Scalars['Boolean']['output'];
  createdAt: Scalars['String']['output'];
  endsAt?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: PromotionKind;
  name: Scalars['String']['output'];
  /** The products it covers; empty: the whole cart. */
  products: Array<Product>;
  startsAt: Scalars['String']['output'];
  /** PERCENT: 1-100; AMOUNT: minor units of the shop currency. */
  value: Scalars['Int']['output'];
};

export type PromotionConnection = {
  __typename?: 'PromotionConnection';
  edges: Array<PromotionEdge>;
  pageInfo: PageInfo;
};

export type PromotionEdge = {
  __typename?: 'PromotionEdge';
  cursor: Scalars['String']['output'];
  node: Promotion;
};

export type PromotionInput = {
  /** ISO-8601 with a zone, after startsAt; absent: open-ended. */
  endsAt?: InputMaybe<Scalars['String']['input']>;
  kind: PromotionKind;
  name: Scalars['String']['input'];
  /** Products it covers; empty or absent: the whole cart. */
  productIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** ISO-8601 with a zone; absent: now. */
  startsAt?: InputMaybe<Scalars['String']['input']>;
  /** PERCENT: 1-100; AMOUNT: minor units of the shop currency, > 0. */
  value: Scalars['Int']['input'];
};

/** How a promotion takes money off. */
export type PromotionKind =
  /** value minor units of the shop currency off each unit of a listed product, or once off the whole cart. */
  | 'AMOUNT'
  /** value percent (1-100) off the amount of each product it covers. */
  | 'PERCENT';

export type Query = {
  __typename?: 'Query';
  /** The caller's one current cart, created on demand (C2). */
  cart: Cart;
  /** Promotions, newest first (OPERATOR). */
  promotions: PromotionConnection;
};


export type QueryPromotionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Sku = {
  __typename?: 'Sku';
  id: Scalars['ID']['output'];
  price?: Maybe<Money>;
};

export type SwimClass = {
  __typename?: 'SwimClass';
  id: Scalars['ID']['output'];
};

export type Swimmer = {
  __typename?: 'Swimmer';
  id: Scalars['ID']['output'];
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
  Product: Product;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Product'], {"skus":{"price":{"amount":true}}}> ) );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Cart: ResolverTypeWrapper<CartRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CartItem: ResolverTypeWrapper<CartItemRow>;
  CartProblem: ResolverTypeWrapper<CartProblemModel>;
  CartProblemCode: CartProblemCode;
  CartState: CartState;
  Coupon: ResolverTypeWrapper<Coupon>;
  CouponEligibility: ResolverTypeWrapper<CouponEligibilityModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Discount: ResolverTypeWrapper<DiscountSnapshot>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PriceSummary: ResolverTypeWrapper<PriceSummaryView>;
  PricedLine: ResolverTypeWrapper<PricedLineSnapshot>;
  Product: ResolverTypeWrapper<ProductRef>;
  Promotion: ResolverTypeWrapper<PromotionRow>;
  PromotionConnection: ResolverTypeWrapper<Omit<PromotionConnection, 'edges'> & { edges: Array<ResolversTypes['PromotionEdge']> }>;
  PromotionEdge: ResolverTypeWrapper<Omit<PromotionEdge, 'node'> & { node: ResolversTypes['Promotion'] }>;
  PromotionInput: PromotionInput;
  PromotionKind: PromotionKind;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Sku: ResolverTypeWrapper<Sku>;
  SwimClass: ResolverTypeWrapper<SwimClass>;
  Swimmer: ResolverTypeWrapper<Swimmer>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Cart: CartRow;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  CartItem: CartItemRow;
  CartProblem: CartProblemModel;
  Coupon: Coupon;
  CouponEligibility: CouponEligibilityModel;
  Boolean: Scalars['Boolean']['output'];
  Discount: DiscountSnapshot;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PriceSummary: PriceSummaryView;
  PricedLine: PricedLineSnapshot;
  Product: ProductRef;
  Promotion: PromotionRow;
  PromotionConnection: Omit<PromotionConnection, 'edges'> & { edges: Array<ResolversParentTypes['PromotionEdge']> };
  PromotionEdge: Omit<PromotionEdge, 'node'> & { node: ResolversParentTypes['Promotion'] };
  PromotionInput: PromotionInput;
  Query: Record<PropertyKey, never>;
  Sku: Sku;
  SwimClass: SwimClass;
  Swimmer: Swimmer;
}>;

export type CartResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart']> = ResolversObject<{
  applicableCoupons?: Resolver<Array<ResolversTypes['Coupon']>, ParentType, ContextType, Partial<CartApplicableCouponsArgs>>;
  couponEligibility?: Resolver<Array<ResolversTypes['CouponEligibility']>, ParentType, ContextType, Partial<CartCouponEligibilityArgs>>;
  expiresAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['CartItem']>, ParentType, ContextType>;
  priceSummary?: Resolver<ResolversTypes['PriceSummary'], ParentType, ContextType, Partial<CartPriceSummaryArgs>>;
  problems?: Resolver<Array<ResolversTypes['CartProblem']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['CartState'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CartItemResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CartItem'] = ResolversParentTypes['CartItem']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<Maybe<ResolversTypes['Sku']>, ParentType, ContextType>;
  swimClass?: Resolver<Maybe<ResolversTypes['SwimClass']>, ParentType, ContextType>;
  swimmer?: Resolver<Maybe<ResolversTypes['Swimmer']>, ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type CartProblemResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CartProblem'] = ResolversParentTypes['CartProblem']> = ResolversObject<{
  code?: Resolver<ResolversTypes['CartProblemCode'], ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CouponResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Coupon'] = ResolversParentTypes['Coupon']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type CouponEligibilityResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['CouponEligibility'] = ResolversParentTypes['CouponEligibility']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  coupon?: Resolver<ResolversTypes['Coupon'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  usable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type DiscountResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Discount'] = ResolversParentTypes['Discount']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addClassToCart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationAddClassToCartArgs, 'classId' | 'swimmerId'>>;
  addToCart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationAddToCartArgs, 'quantity' | 'skuId'>>;
  cancelCart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  createPromotion?: Resolver<ResolversTypes['Promotion'], ParentType, ContextType, RequireFields<MutationCreatePromotionArgs, 'input'>>;
  removeCartItem?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationRemoveCartItemArgs, 'itemId'>>;
  updateCartItem?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationUpdateCartItemArgs, 'itemId' | 'quantity'>>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PriceSummaryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PriceSummary'] = ResolversParentTypes['PriceSummary']> = ResolversObject<{
  discounts?: Resolver<Array<ResolversTypes['Discount']>, ParentType, ContextType>;
  freight?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['PricedLine']>, ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  walletUsable?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type PricedLineResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PricedLine'] = ResolversParentTypes['PricedLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  promotion?: Resolver<Maybe<ResolversTypes['Promotion']>, ParentType, ContextType>;
}>;

export type PromotionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Promotion'] = ResolversParentTypes['Promotion']> = ResolversObject<{
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  endsAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PromotionKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  products?: Resolver<Array<ResolversTypes['Product']>, ParentType, ContextType>;
  startsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PromotionConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PromotionConnection'] = ResolversParentTypes['PromotionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PromotionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type PromotionEdgeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PromotionEdge'] = ResolversParentTypes['PromotionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Promotion'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  promotions?: Resolver<ResolversTypes['PromotionConnection'], ParentType, ContextType, RequireFields<QueryPromotionsArgs, 'first'>>;
}>;

export type SkuResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Sku'] = ResolversParentTypes['Sku']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SwimClassResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SwimClass'] = ResolversParentTypes['SwimClass']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SwimmerResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Swimmer'] = ResolversParentTypes['Swimmer']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Cart?: CartResolvers<ContextType>;
  CartItem?: CartItemResolvers<ContextType>;
  CartProblem?: CartProblemResolvers<ContextType>;
  Coupon?: CouponResolvers<ContextType>;
  CouponEligibility?: CouponEligibilityResolvers<ContextType>;
  Discount?: DiscountResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PriceSummary?: PriceSummaryResolvers<ContextType>;
  PricedLine?: PricedLineResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Promotion?: PromotionResolvers<ContextType>;
  PromotionConnection?: PromotionConnectionResolvers<ContextType>;
  PromotionEdge?: PromotionEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Sku?: SkuResolvers<ContextType>;
  SwimClass?: SwimClassResolvers<ContextType>;
  Swimmer?: SwimmerResolvers<ContextType>;
}>;

