# One image for every process of the distributed mode; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json ./
COPY gateway/package.json gateway/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY subgraphs/platform/package.json subgraphs/platform/
COPY subgraphs/accounts/package.json subgraphs/accounts/
COPY subgraphs/inventory/package.json subgraphs/inventory/
COPY subgraphs/cart/package.json subgraphs/cart/
COPY subgraphs/coupons/package.json subgraphs/coupons/
COPY subgraphs/orders/package.json subgraphs/orders/
COPY subgraphs/payments/package.json subgraphs/payments/
COPY subgraphs/notifications/package.json subgraphs/notifications/
RUN npm ci --omit=dev --no-audit --no-fund
COPY schema schema
COPY gateway gateway
COPY subgraphs subgraphs
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
