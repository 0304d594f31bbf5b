import { runStandalone } from '@shop/platform';
import { createInventorySubgraph } from './subgraph.js';

await runStandalone(createInventorySubgraph, 4002);
