import { runStandalone } from '@shop/platform';
import { createCouponsSubgraph } from './subgraph.js';

await runStandalone(createCouponsSubgraph, 4004);
