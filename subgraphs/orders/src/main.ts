import { runStandalone } from '@shop/platform';
import { createOrdersSubgraph } from './subgraph.js';

await runStandalone(createOrdersSubgraph, 4005);
