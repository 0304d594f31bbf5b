import { runStandalone } from '@shop/platform';
import { createNotificationsSubgraph } from './subgraph.js';

await runStandalone(createNotificationsSubgraph, 4007);
