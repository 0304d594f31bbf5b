export { startGateway, type GatewayProcess, type StartGatewayOptions } from './system.js';
export { SUBGRAPH_FACTORIES } from './subgraphs.js';
