import { runStandalone } from '@shop/platform';
import { createAccountsSubgraph } from './subgraph.js';

await runStandalone(createAccountsSubgraph, 4001);
