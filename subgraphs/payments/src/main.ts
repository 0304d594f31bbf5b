import { runStandalone } from '@shop/platform';
import { createPaymentsSubgraph } from './subgraph.js';

await runStandalone(createPaymentsSubgraph, 4006);
