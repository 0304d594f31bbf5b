export { ACCOUNTS, createAccountsSubgraph } from './subgraph.js';
