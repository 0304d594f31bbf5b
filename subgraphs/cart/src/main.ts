import { runStandalone } from '@shop/platform';
import { createCartSubgraph } from './subgraph.js';

await runStandalone(createCartSubgraph, 4003);
