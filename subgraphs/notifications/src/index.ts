export { NOTIFICATIONS, createNotificationsSubgraph } from './subgraph.js';
