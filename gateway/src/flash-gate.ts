import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  parse,
  specifiedRules,
  validate,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import DataLoader from 'dataloader';
import { CartOps, FullClasses, MAX_HOLDS_ASKED, Services, toClientError, type Identity, type InternalClient, type Logger, type Metrics, type Refusal, type RefuseHoldInput } from '@shop/platform';
import type { GatewayContext } from './data-sources.js';

/** The root field the gate answers. */
const HOLD_FIELD = 'addClassToCart';
/** The service whose answer the gate gives, named in the error as the gateway names it. */
const CART_SERVICE = 'cart';
/** Query texts remembered (the same few are sent again and again); the oldest goes first. */
const MAX_SHAPES = 1000;

/** Where one argument of the hold comes from: a variable of the request, or a literal in the document. */
type ArgumentSource = { variable: string } | { literal: string };

/** A document whose chosen operation is nothing but one `addClassToCart`, valid as the pipeline validates it. */
interface HoldShape {
  /** The field's alias, or its name: the error's path. */
  responseKey: string;
  classId: ArgumentSource;
  swimmerId: ArgumentSource;
}

/** A request the gate recognised as a hold of one class. */
export interface GateHold {
  responseKey: string;
  classId: string;
  swimmerId: string;
}

/** A GraphQL POST body as clients send it. */
export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
}

/** The gate's answer: the body the pipeline sends for a refused hold. */
export interface GateAnswer {
  errors: GraphQLFormattedError[];
  data: null;
}

export interface FlashSaleGateOptions {
  /** The client view of the supergraph, which the pipeline validates against. */
  schema: GraphQLSchema;
  /** The pipeline's validation rules beyond graphql's own (the security limits). */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  internal: InternalClient;
  /** How long a class answered CLASS_FULL is sent to the gate (CLASS_FULL_CACHE_MS; the gateway has no gate at 0). */
  ttlMs: number;
  metrics: Metrics;
  log: Logger;
}

/**
 * The gateway's flash-sale gate (C7): when a thousand customers press "book" for a class of a
 * hundred seats, nine hundred answers are a refusal, and each would otherwise go the whole way
 * through Apollo Server, query planning, the cart subgraph's execution and the error's way back,
 * ~1 ms of the gateway's one thread apiece. All of them arrive before the class is full, so
 * such holds take turns per class here, a few at a time through the pipeline, the others
 * waiting before any of its work. Once a class has been answered CLASS_FULL through
 * the pipeline, further `addClassToCart` requests for it, whose operation is that one field and
 * nothing else, ask the cart service's own refusal (`refuseHoldsIfFull`: those of one moment in
 * one call, one read of the customers' carts, as the cart does for itself) and get exactly the
 * body the pipeline would send: the same error, path, extensions and `data: null`.
 *
 * It never gives a seat, and never refuses on its own: the cart service decides, with what it
 * knows (CLASS_FULL_CACHE_MS). When the cart does not know the class full, or anything about the
 * request is not plainly such a hold (another operation, directives, a variable of the wrong
 * kind, a caller who is not signed in), the request goes to the pipeline, which answers as
 * always.
 */
export class FlashSaleGate {
  private readonly shapes = new Map<string, HoldShape | null>();
  private readonly classes: FullClasses;
  private readonly rules: readonly ValidationRule[];
  /** The cart's refusals, asked for together: the waiting holds of a class all go at once when it is known full. */
  private readonly refusals: DataLoader<RefuseHoldInput, Refusal | null>;

  constructor(private readonly options: FlashSaleGateOptions) {
    this.rules = [...specifiedRules, ...options.validationRules];
    this.classes = new FullClasses(options.ttlMs);
    this.refusals = new DataLoader((holds) => options.internal.call<(Refusal | null)[]>(Services.cart, CartOps.refuseHoldsIfFull, { holds }), {
      cache: false,
      maxBatchSize: MAX_HOLDS_ASKED,
    });
  }

  /**
   * The hold a JSON POST body asks for, when its operation is nothing but one `addClassToCart`
   * with both ids given as strings; undefined for anything else (the pipeline answers it).
   */
  recognise(body: Buffer): GateHold | undefined {
    if (!body.includes(HOLD_FIELD)) return undefined;
    let request: GraphQLRequestBody;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
    if (!request || typeof request !== 'object' || Array.isArray(request)) return undefined;
    if (typeof request.query !== 'string' || request.extensions !== undefined) return undefined;
    if (request.operationName != null && typeof request.operationName !== 'string') return undefined;
    const shape = this.shape(request.query, request.operationName ?? undefined);
    const variables = request.variables ?? {};
    if (!shape || typeof variables !== 'object' || Array.isArray(variables)) return undefined;
    const classId = argument(shape.classId, variables as Record<string, unknown>);
    const swimmerId = argument(shape.swimmerId, variables as Record<string, unknown>);
    return classId === undefined || swimmerId === undefined ? undefined : { responseKey: shape.responseKey, classId, swimmerId };
  }

  /**
   * Runs `answer` for the hold in its class's turn: at most a few holds of one class go through
   * the pipeline at once, the others wait here, before any of the pipeline's work, until a turn
   * comes or the class is known full.
   */
  inTurn(hold: GateHold, answer: () => Promise<void>): Promise<void> {
    return this.classes.inTurn(hold.classId, answer);
  }

  /**
   * The body the pipeline would send, when the class is known full and the cart service refuses
   * the hold; undefined when the hold must go through the pipeline.
   */
  async refusal(hold: GateHold, identify: () => Promise<Identity>): Promise<GateAnswer | undefined> {
    const { classId, swimmerId } = hold;
    if (!this.classes.isFull(classId)) return undefined;
    let identity: Identity;
    try {
      identity = await identify();
    } catch {
      return undefined;
    }
    if (identity.kind !== 'account') return undefined;
    const end = this.options.metrics.graphqlOperations.startTimer();
    let refusal: Refusal | null;
    try {
      refusal = await this.refusals.load({ accountId: identity.accountId, classId, swimmerId });
    } catch (err) {
      this.options.log.warn({ err, classId }, 'flash-sale gate: the cart did not answer; the hold goes through the pipeline');
      return undefined;
    }
    if (!refusal) {
      // The cart does not know the class full (a seat came back through it, or its mark lapsed).
      this.classes.forget(classId);
      return undefined;
    }
    end({ type: 'mutation', outcome: 'error' });
    this.options.metrics.gatedRefusals.inc({ code: refusal.code });
    // The extensions in the order the pipeline sends them: the AppError's, then the gateway's service name.
    const error = toClientError({ message: refusal.message, path: [hold.responseKey], extensions: { code: refusal.code, ...refusal.extra, serviceName: CART_SERVICE } }, (formatted) =>
      this.options.log.error({ formatted }, 'flash-sale gate: unexpected refusal'),
    );
    return { errors: [error], data: null };
  }

  /** Learns from the pipeline's answers which classes are full: any CLASS_FULL that names its class. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ response }) => {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const classId = error.extensions?.classId;
            if (error.extensions?.code === 'CLASS_FULL' && typeof classId === 'string') this.classes.markFull(classId);
          }
        },
      }),
    };
  }

  private shape(query: string, operationName: string | undefined): HoldShape | null {
    const key = `${operationName ?? ''}\n${query}`;
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      shape = holdShape(query, operationName, this.options.schema, this.rules, this.options.maxTokens);
      if (this.shapes.size >= MAX_SHAPES) this.shapes.delete(this.shapes.keys().next().value!);
      this.shapes.set(key, shape);
    }
    return shape;
  }
}

/** The value of an argument in this request: a string, or undefined when it is anything else. */
function argument(source: ArgumentSource, variables: Record<string, unknown>): string | undefined {
  const value = 'literal' in source ? source.literal : variables[source.variable];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The hold's shape when the document, with `operationName`, runs exactly one `addClassToCart`
 * and nothing else, passes the pipeline's validation, and takes both ids as strings or ID
 * variables without defaults; null otherwise.
 */
export function holdShape(
  query: string,
  operationName: string | undefined,
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  maxTokens: number,
): HoldShape | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens, noLocation: true });
  } catch {
    return null;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  if (!operation || operation.operation !== 'mutation' || operation.directives?.length) return null;
  const [field, ...others] = operation.selectionSet.selections;
  if (others.length > 0 || field.kind !== Kind.FIELD || field.name.value !== HOLD_FIELD || field.directives?.length) return null;
  if (validate(schema, document, rules).length > 0) return null;
  const idVariables = new Set(
    (operation.variableDefinitions ?? [])
      .filter((v) => !v.defaultValue && namedType(v.type) === 'ID')
      .map((v) => v.variable.name.value),
  );
  const source = (name: string): ArgumentSource | undefined => {
    const value = field.arguments?.find((a: ArgumentNode) => a.name.value === name)?.value;
    if (value?.kind === Kind.STRING) return { literal: value.value };
    if (value?.kind === Kind.VARIABLE && idVariables.has(value.name.value)) return { variable: value.name.value };
    return undefined;
  };
  const classId = source('classId');
  const swimmerId = source('swimmerId');
  if (!classId || !swimmerId) return null;
  return { responseKey: field.alias?.value ?? field.name.value, classId, swimmerId };
}

function namedType(type: import('graphql').TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
