import type { GraphQLResolveInfo } from 'graphql';
import type { ProductRow, SkuRow, ShelfRow, ShelfItemRow, ShelfEventRow, WarehouseRow, StockRow, SwimClassRow, SwimmerRef, AccountRef, RegistrationRow } from '../db/schema.js';
import type { PlacedEntry } from '../domain/waitlist.js';
import type { SubgraphContext } from '@shop/platform';
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

export type Account = {
  __typename?: 'Account';
  id: Scalars['ID']['output'];
  /** Every class registration of the account's swimmers, newest first (the account itself, or OPERATOR). */
  registrations: Array<ClassRegistration>;
};

/** A swimmer's seat in a class: the cart's reservation until paid, then the registration. */
export type ClassRegistration = {
  __typename?: 'ClassRegistration';
  canceledAt?: Maybe<Scalars['String']['output']>;
  heldAt: Scalars['String']['output'];
  /** A seat offered from the waitlist is held until then while it is in no cart; once in a cart, the cart's own expiry applies. */
  holdUntil?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The order that paid for it, once REGISTERED. */
  orderId?: Maybe<Scalars['ID']['output']>;
  /** The class price when the seat was taken. */
  price: Money;
  registeredAt?: Maybe<Scalars['String']['output']>;
  status: RegistrationStatus;
  swimClass: SwimClass;
  swimmer: Swimmer;
};

/** Decides which shelf price a customer sees. */
export type CustomerLevel =
  | 'PROMOTER'
  | 'REGULAR'
  | 'VIP';

export type LevelPrice = {
  __typename?: 'LevelPrice';
  level: CustomerLevel;
  price: Money;
};

export type LevelPriceInput = {
  level: CustomerLevel;
  price: MoneyInput;
};

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
  /**
   * Cancels a registration (its owner, or OPERATOR): the seat goes back, to the first swimmer on
   * the waitlist if any. A paid registration of a class that has not started is refunded its price
   * through its order. A held seat can be cancelled here only while it is a waitlist offer outside
   * any cart (declining it); one in a cart leaves with the cart line (INVALID_STATE).
   */
  cancelClassRegistration: ClassRegistration;
  /**
   * Moves a registered swimmer to another class of the same price (its owner, or OPERATOR), in one
   * transaction: target full: CLASS_FULL; another price, the same class, a started class or a
   * swimmer already seated there: BAD_USER_INPUT on toClassId. Nothing changes on failure.
   */
  changeClass: ClassRegistration;
  /** Creates a product with its SKUs (OPERATOR). SKU codes are unique. */
  createProduct: Product;
  /** Creates a swim class with all its seats free (OPERATOR). */
  createSwimClass: SwimClass;
  /** Creates a warehouse (STOCK_OPERATOR). Codes are unique. */
  createWarehouse: Warehouse;
  /**
   * Puts a swimmer of the caller in the line for a full class. When a seat comes back, the first in
   * line gets it held for a while (a HELD registration with holdUntil) and a notification.
   */
  joinWaitlist: WaitlistEntry;
  /** Takes a swimmer of the caller out of the class's line; true when it was waiting there. */
  leaveWaitlist: Scalars['Boolean']['output'];
  /**
   * Puts a product on shelf for a window (OPERATOR): no startsAt means now; endsAt must be after
   * startsAt; every item needs a price for every customer level. Supersedes the current shelf.
   */
  putOnShelf: Shelf;
  /** Sets the stock of a SKU in a warehouse, absolute, never below what orders have booked (STOCK_OPERATOR). */
  setStock: WarehouseStock;
  /** Takes the product's current shelf off now (OPERATOR). */
  takeOffShelf: Shelf;
};


export type MutationCancelClassRegistrationArgs = {
  registrationId: Scalars['ID']['input'];
};


export type MutationChangeClassArgs = {
  registrationId: Scalars['ID']['input'];
  toClassId: Scalars['ID']['input'];
};


export type MutationCreateProductArgs = {
  input: ProductInput;
};


export type MutationCreateSwimClassArgs = {
  input: SwimClassInput;
};


export type MutationCreateWarehouseArgs = {
  input: WarehouseInput;
};


export type MutationJoinWaitlistArgs = {
  classId: Scalars['ID']['input'];
  swimmerId: Scalars['ID']['input'];
};


export type MutationLeaveWaitlistArgs = {
  classId: Scalars['ID']['input'];
  swimmerId: Scalars['ID']['input'];
};


export type MutationPutOnShelfArgs = {
  input: PutOnShelfInput;
};


export type MutationSetStockArgs = {
  quantity: Scalars['Int']['input'];
  skuId: Scalars['ID']['input'];
  warehouseId: Scalars['ID']['input'];
};


export type MutationTakeOffShelfArgs = {
  productId: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Where the app shows a product on shelf (seed 002's location). */
export type Placement =
  | 'CAMPAIGN'
  | 'HOT'
  | 'NORMAL';

export type Product = {
  __typename?: 'Product';
  createdAt: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The latest shelf of the product, whatever its status; null if never put on shelf. */
  shelf?: Maybe<Shelf>;
  skus: Array<Sku>;
};

export type ProductConnection = {
  __typename?: 'ProductConnection';
  edges: Array<ProductEdge>;
  pageInfo: PageInfo;
};

export type ProductEdge = {
  __typename?: 'ProductEdge';
  cursor: Scalars['String']['output'];
  node: Product;
};

export type ProductInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  skus: Array<SkuInput>;
};

export type PutOnShelfInput = {
  /** ISO-8601 with a zone, after startsAt; absent: open-ended. */
  endsAt?: InputMaybe<Scalars['String']['input']>;
  /** In the currency of every price of the shelf. */
  freight: MoneyInput;
  items: Array<ShelfItemInput>;
  /** Default NORMAL. */
  placement?: InputMaybe<Placement>;
  productId: Scalars['ID']['input'];
  /** ISO-8601 with a zone; absent: now. */
  startsAt?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  product?: Maybe<Product>;
  /**
   * The catalogue, newest first. `search` matches a fragment or a near spelling of the name, or a
   * fragment of a SKU code; `onShelfOnly` keeps products inside their shelf window; `placement`
   * keeps products whose current shelf has that placement.
   */
  products: ProductConnection;
  /** Every shelf action on a product, oldest first (OPERATOR). */
  shelfHistory: Array<ShelfEvent>;
  swimClass?: Maybe<SwimClass>;
  /** Classes by start time. */
  swimClasses: SwimClassConnection;
  /** Every warehouse (STOCK_OPERATOR). */
  warehouses: Array<Warehouse>;
};


export type QueryProductArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProductsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  onShelfOnly?: InputMaybe<Scalars['Boolean']['input']>;
  placement?: InputMaybe<Placement>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryShelfHistoryArgs = {
  productId: Scalars['ID']['input'];
};


export type QuerySwimClassArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySwimClassesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Where a swimmer's seat in a class stands. */
export type RegistrationStatus =
  /** Given back: released, lapsed or cancelled. */
  | 'CANCELED'
  /** A seat taken for a cart not yet paid, or offered from the waitlist. */
  | 'HELD'
  /** Paid: the swimmer is a student of the class. */
  | 'REGISTERED';

export type Shelf = {
  __typename?: 'Shelf';
  endsAt?: Maybe<Scalars['String']['output']>;
  freight: Money;
  id: Scalars['ID']['output'];
  items: Array<ShelfItem>;
  placement: Placement;
  product: Product;
  startsAt: Scalars['String']['output'];
  status: ShelfStatus;
};

/** One shelf action: who did what, when, to which shelf. */
export type ShelfEvent = {
  __typename?: 'ShelfEvent';
  /** PUT_ON_SHELF or TAKE_OFF_SHELF. */
  action: Scalars['String']['output'];
  /** The account that acted. */
  actor: Scalars['ID']['output'];
  at: Scalars['String']['output'];
  shelf: Shelf;
};

export type ShelfItem = {
  __typename?: 'ShelfItem';
  originalPrice: Money;
  /** One price per customer level. */
  prices: Array<LevelPrice>;
  /** Shelf quantity not booked by orders. */
  remaining: Scalars['Int']['output'];
  shelfQuantity: Scalars['Int']['output'];
  sku: Sku;
};

export type ShelfItemInput = {
  originalPrice: MoneyInput;
  /** A price for every customer level. */
  prices: Array<LevelPriceInput>;
  shelfQuantity: Scalars['Int']['input'];
  skuId: Scalars['ID']['input'];
};

/** Where a shelf stands now, computed from its window at read time. */
export type ShelfStatus =
  /** Its window is over. */
  | 'ENDED'
  /** Taken off by an operator, or superseded by a later shelf of the product. */
  | 'OFF_SHELF'
  /** Inside its window: its SKUs have prices and can be bought. */
  | 'ON_SHELF'
  /** Its window has not started. */
  | 'SCHEDULED';

export type Sku = {
  __typename?: 'Sku';
  code: Scalars['String']['output'];
  /** min(shelf remaining, sum over warehouses of unbooked stock); 0 when not on shelf. */
  displayStock: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The original price to show next to it while on shelf, else null. */
  originalPrice?: Maybe<Money>;
  /** The price of the viewer's customer level (anonymous: REGULAR) while on shelf, else null. */
  price?: Maybe<Money>;
  product: Product;
  /** Unbooked stock over all warehouses (STOCK_OPERATOR). */
  realStock?: Maybe<Scalars['Int']['output']>;
};

export type SkuInput = {
  code: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The class as it is after each change of its seats (public). */
  classSeatsChanged: SwimClass;
};


export type SubscriptionClassSeatsChangedArgs = {
  classId: Scalars['ID']['input'];
};

export type SwimClass = {
  __typename?: 'SwimClass';
  id: Scalars['ID']['output'];
  price: Money;
  seatsRemain: Scalars['Int']['output'];
  seatsTotal: Scalars['Int']['output'];
  startsAt: Scalars['String']['output'];
  /** Registered students (OPERATOR). */
  students: Array<Swimmer>;
  title: Scalars['String']['output'];
};

export type SwimClassConnection = {
  __typename?: 'SwimClassConnection';
  edges: Array<SwimClassEdge>;
  pageInfo: PageInfo;
};

export type SwimClassEdge = {
  __typename?: 'SwimClassEdge';
  cursor: Scalars['String']['output'];
  node: SwimClass;
};

export type SwimClassInput = {
  price: MoneyInput;
  seatsTotal: Scalars['Int']['input'];
  /** ISO-8601 with a zone. */
  startsAt: Scalars['String']['input'];
  title: Scalars['String']['input'];
};

export type Swimmer = {
  __typename?: 'Swimmer';
  /** The classes the swimmer is a registered student of, by start time (the swimmer's account, or OPERATOR; others see none). */
  classes: Array<SwimClass>;
  id: Scalars['ID']['output'];
  /** The lines the swimmer waits in, with the position in each (the swimmer's account, or OPERATOR; others see none). */
  waitlist: Array<WaitlistEntry>;
};

/** A swimmer's place in the line for a full class. */
export type WaitlistEntry = {
  __typename?: 'WaitlistEntry';
  id: Scalars['ID']['output'];
  joinedAt: Scalars['String']['output'];
  /** 1 for the next swimmer to be offered a seat. */
  position: Scalars['Int']['output'];
  swimClass: SwimClass;
  swimmer: Swimmer;
};

export type Warehouse = {
  __typename?: 'Warehouse';
  code: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  region?: Maybe<Scalars['String']['output']>;
  /** Stock per SKU (STOCK_OPERATOR). */
  stock: Array<WarehouseStock>;
};

export type WarehouseInput = {
  code: Scalars['String']['input'];
  name: Scalars['String']['input'];
  region?: InputMaybe<Scalars['String']['input']>;
};

export type WarehouseStock = {
  __typename?: 'WarehouseStock';
  quantity: Scalars['Int']['output'];
  /** Units booked by orders not yet paid. */
  reserved: Scalars['Int']['output'];
  sku: Sku;
  warehouse: Warehouse;
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
  ClassRegistration: ClassRegistration;
  Product: Product;
  Sku: Sku;
  SwimClass: SwimClass;
  Swimmer: Swimmer;
  Warehouse: Warehouse;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  ClassRegistration:
    ( { __typename: 'ClassRegistration' }
    & GraphQLRecursivePick<FederationTypes['ClassRegistration'], {"id":true}> );
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}> );
  Sku:
    ( { __typename: 'Sku' }
    & GraphQLRecursivePick<FederationTypes['Sku'], {"id":true}> );
  SwimClass:
    ( { __typename: 'SwimClass' }
    & GraphQLRecursivePick<FederationTypes['SwimClass'], {"id":true}> );
  Swimmer:
    ( { __typename: 'Swimmer' }
    & GraphQLRecursivePick<FederationTypes['Swimmer'], {"id":true}> );
  Warehouse:
    ( { __typename: 'Warehouse' }
    & GraphQLRecursivePick<FederationTypes['Warehouse'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Account: ResolverTypeWrapper<AccountRef>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ClassRegistration: ResolverTypeWrapper<RegistrationRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CustomerLevel: CustomerLevel;
  LevelPrice: ResolverTypeWrapper<LevelPrice>;
  LevelPriceInput: LevelPriceInput;
  Money: ResolverTypeWrapper<Money>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MoneyInput: MoneyInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Placement: Placement;
  Product: ResolverTypeWrapper<ProductRow>;
  ProductConnection: ResolverTypeWrapper<Omit<ProductConnection, 'edges'> & { edges: Array<ResolversTypes['ProductEdge']> }>;
  ProductEdge: ResolverTypeWrapper<Omit<ProductEdge, 'node'> & { node: ResolversTypes['Product'] }>;
  ProductInput: ProductInput;
  PutOnShelfInput: PutOnShelfInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegistrationStatus: RegistrationStatus;
  Shelf: ResolverTypeWrapper<ShelfRow>;
  ShelfEvent: ResolverTypeWrapper<ShelfEventRow>;
  ShelfItem: ResolverTypeWrapper<ShelfItemRow>;
  ShelfItemInput: ShelfItemInput;
  ShelfStatus: ShelfStatus;
  Sku: ResolverTypeWrapper<SkuRow>;
  SkuInput: SkuInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SwimClass: ResolverTypeWrapper<SwimClassRow>;
  SwimClassConnection: ResolverTypeWrapper<Omit<SwimClassConnection, 'edges'> & { edges: Array<ResolversTypes['SwimClassEdge']> }>;
  SwimClassEdge: ResolverTypeWrapper<Omit<SwimClassEdge, 'node'> & { node: ResolversTypes['SwimClass'] }>;
  SwimClassInput: SwimClassInput;
  Swimmer: ResolverTypeWrapper<SwimmerRef>;
  WaitlistEntry: ResolverTypeWrapper<PlacedEntry>;
  Warehouse: ResolverTypeWrapper<WarehouseRow>;
  WarehouseInput: WarehouseInput;
  WarehouseStock: ResolverTypeWrapper<StockRow>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Account: AccountRef;
  ID: Scalars['ID']['output'];
  ClassRegistration: RegistrationRow;
  String: Scalars['String']['output'];
  LevelPrice: LevelPrice;
  LevelPriceInput: LevelPriceInput;
  Money: Money;
  Int: Scalars['Int']['output'];
  MoneyInput: MoneyInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  Product: ProductRow;
  ProductConnection: Omit<ProductConnection, 'edges'> & { edges: Array<ResolversParentTypes['ProductEdge']> };
  ProductEdge: Omit<ProductEdge, 'node'> & { node: ResolversParentTypes['Product'] };
  ProductInput: ProductInput;
  PutOnShelfInput: PutOnShelfInput;
  Query: Record<PropertyKey, never>;
  Shelf: ShelfRow;
  ShelfEvent: ShelfEventRow;
  ShelfItem: ShelfItemRow;
  ShelfItemInput: ShelfItemInput;
  Sku: SkuRow;
  SkuInput: SkuInput;
  Subscription: Record<PropertyKey, never>;
  SwimClass: SwimClassRow;
  SwimClassConnection: Omit<SwimClassConnection, 'edges'> & { edges: Array<ResolversParentTypes['SwimClassEdge']> };
  SwimClassEdge: Omit<SwimClassEdge, 'node'> & { node: ResolversParentTypes['SwimClass'] };
  SwimClassInput: SwimClassInput;
  Swimmer: SwimmerRef;
  WaitlistEntry: PlacedEntry;
  Warehouse: WarehouseRow;
  WarehouseInput: WarehouseInput;
  WarehouseStock: StockRow;
}>;

export type AccountResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  registrations?: Resolver<Array<ResolversTypes['ClassRegistration']>, ParentType, ContextType>;
}>;

export type ClassRegistrationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ClassRegistration'] = ResolversParentTypes['ClassRegistration'], FederationReferenceType extends FederationReferenceTypes['ClassRegistration'] = FederationReferenceTypes['ClassRegistration']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ClassRegistration']> | FederationReferenceType, FederationReferenceType, ContextType>;
  canceledAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  heldAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  holdUntil?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  orderId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  registeredAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RegistrationStatus'], ParentType, ContextType>;
  swimClass?: Resolver<ResolversTypes['SwimClass'], ParentType, ContextType>;
  swimmer?: Resolver<ResolversTypes['Swimmer'], ParentType, ContextType>;
}>;

export type LevelPriceResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['LevelPrice'] = ResolversParentTypes['LevelPrice']> = ResolversObject<{
  level?: Resolver<ResolversTypes['CustomerLevel'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelClassRegistration?: Resolver<ResolversTypes['ClassRegistration'], ParentType, ContextType, RequireFields<MutationCancelClassRegistrationArgs, 'registrationId'>>;
  changeClass?: Resolver<ResolversTypes['ClassRegistration'], ParentType, ContextType, RequireFields<MutationChangeClassArgs, 'registrationId' | 'toClassId'>>;
  createProduct?: Resolver<ResolversTypes['Product'], ParentType, ContextType, RequireFields<MutationCreateProductArgs, 'input'>>;
  createSwimClass?: Resolver<ResolversTypes['SwimClass'], ParentType, ContextType, RequireFields<MutationCreateSwimClassArgs, 'input'>>;
  createWarehouse?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType, RequireFields<MutationCreateWarehouseArgs, 'input'>>;
  joinWaitlist?: Resolver<ResolversTypes['WaitlistEntry'], ParentType, ContextType, RequireFields<MutationJoinWaitlistArgs, 'classId' | 'swimmerId'>>;
  leaveWaitlist?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLeaveWaitlistArgs, 'classId' | 'swimmerId'>>;
  putOnShelf?: Resolver<ResolversTypes['Shelf'], ParentType, ContextType, RequireFields<MutationPutOnShelfArgs, 'input'>>;
  setStock?: Resolver<ResolversTypes['WarehouseStock'], ParentType, ContextType, RequireFields<MutationSetStockArgs, 'quantity' | 'skuId' | 'warehouseId'>>;
  takeOffShelf?: Resolver<ResolversTypes['Shelf'], ParentType, ContextType, RequireFields<MutationTakeOffShelfArgs, 'productId'>>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shelf?: Resolver<Maybe<ResolversTypes['Shelf']>, ParentType, ContextType>;
  skus?: Resolver<Array<ResolversTypes['Sku']>, ParentType, ContextType>;
}>;

export type ProductConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ProductConnection'] = ResolversParentTypes['ProductConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ProductEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ProductEdgeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ProductEdge'] = ResolversParentTypes['ProductEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  product?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType, RequireFields<QueryProductArgs, 'id'>>;
  products?: Resolver<ResolversTypes['ProductConnection'], ParentType, ContextType, RequireFields<QueryProductsArgs, 'first' | 'onShelfOnly'>>;
  shelfHistory?: Resolver<Array<ResolversTypes['ShelfEvent']>, ParentType, ContextType, RequireFields<QueryShelfHistoryArgs, 'productId'>>;
  swimClass?: Resolver<Maybe<ResolversTypes['SwimClass']>, ParentType, ContextType, RequireFields<QuerySwimClassArgs, 'id'>>;
  swimClasses?: Resolver<ResolversTypes['SwimClassConnection'], ParentType, ContextType, RequireFields<QuerySwimClassesArgs, 'first'>>;
  warehouses?: Resolver<Array<ResolversTypes['Warehouse']>, ParentType, ContextType>;
}>;

export type ShelfResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Shelf'] = ResolversParentTypes['Shelf']> = ResolversObject<{
  endsAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  freight?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['ShelfItem']>, ParentType, ContextType>;
  placement?: Resolver<ResolversTypes['Placement'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  startsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ShelfStatus'], ParentType, ContextType>;
}>;

export type ShelfEventResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ShelfEvent'] = ResolversParentTypes['ShelfEvent']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shelf?: Resolver<ResolversTypes['Shelf'], ParentType, ContextType>;
}>;

export type ShelfItemResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ShelfItem'] = ResolversParentTypes['ShelfItem']> = ResolversObject<{
  originalPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  prices?: Resolver<Array<ResolversTypes['LevelPrice']>, ParentType, ContextType>;
  remaining?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  shelfQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['Sku'], ParentType, ContextType>;
}>;

export type SkuResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Sku'] = ResolversParentTypes['Sku'], FederationReferenceType extends FederationReferenceTypes['Sku'] = FederationReferenceTypes['Sku']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Sku']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  displayStock?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  originalPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  price?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  realStock?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  classSeatsChanged?: SubscriptionResolver<ResolversTypes['SwimClass'], "classSeatsChanged", ParentType, ContextType, RequireFields<SubscriptionClassSeatsChangedArgs, 'classId'>>;
}>;

export type SwimClassResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SwimClass'] = ResolversParentTypes['SwimClass'], FederationReferenceType extends FederationReferenceTypes['SwimClass'] = FederationReferenceTypes['SwimClass']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['SwimClass']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  seatsRemain?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seatsTotal?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  students?: Resolver<Array<ResolversTypes['Swimmer']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SwimClassConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SwimClassConnection'] = ResolversParentTypes['SwimClassConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SwimClassEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type SwimClassEdgeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['SwimClassEdge'] = ResolversParentTypes['SwimClassEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SwimClass'], ParentType, ContextType>;
}>;

export type SwimmerResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Swimmer'] = ResolversParentTypes['Swimmer'], FederationReferenceType extends FederationReferenceTypes['Swimmer'] = FederationReferenceTypes['Swimmer']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Swimmer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  classes?: Resolver<Array<ResolversTypes['SwimClass']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  waitlist?: Resolver<Array<ResolversTypes['WaitlistEntry']>, ParentType, ContextType>;
}>;

export type WaitlistEntryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['WaitlistEntry'] = ResolversParentTypes['WaitlistEntry']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  joinedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  swimClass?: Resolver<ResolversTypes['SwimClass'], ParentType, ContextType>;
  swimmer?: Resolver<ResolversTypes['Swimmer'], ParentType, ContextType>;
}>;

export type WarehouseResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Warehouse'] = ResolversParentTypes['Warehouse'], FederationReferenceType extends FederationReferenceTypes['Warehouse'] = FederationReferenceTypes['Warehouse']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Warehouse']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stock?: Resolver<Array<ResolversTypes['WarehouseStock']>, ParentType, ContextType>;
}>;

export type WarehouseStockResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['WarehouseStock'] = ResolversParentTypes['WarehouseStock']> = ResolversObject<{
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['Sku'], ParentType, ContextType>;
  warehouse?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Account?: AccountResolvers<ContextType>;
  ClassRegistration?: ClassRegistrationResolvers<ContextType>;
  LevelPrice?: LevelPriceResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  ProductConnection?: ProductConnectionResolvers<ContextType>;
  ProductEdge?: ProductEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Shelf?: ShelfResolvers<ContextType>;
  ShelfEvent?: ShelfEventResolvers<ContextType>;
  ShelfItem?: ShelfItemResolvers<ContextType>;
  Sku?: SkuResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SwimClass?: SwimClassResolvers<ContextType>;
  SwimClassConnection?: SwimClassConnectionResolvers<ContextType>;
  SwimClassEdge?: SwimClassEdgeResolvers<ContextType>;
  Swimmer?: SwimmerResolvers<ContextType>;
  WaitlistEntry?: WaitlistEntryResolvers<ContextType>;
  Warehouse?: WarehouseResolvers<ContextType>;
  WarehouseStock?: WarehouseStockResolvers<ContextType>;
}>;

