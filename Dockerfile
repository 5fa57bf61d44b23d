# The Change Ledger apps, one image; the command picks the app:
#   node dist/apps/api/src/main.js | dist/apps/projector/src/main.js | dist/apps/ingestor/src/main.js
#   node bin/ledger.mjs migrate (and every other CLI command)
# Build stage: every dependency, compiled once.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The verifier package is a workspace of the project (ADR 0026): npm ci links it.
COPY packages/verify/package.json ./packages/verify/
# No install scripts: the embedded PostgreSQL's binaries are not needed to compile.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.base.json tsconfig.build.json ./
COPY scripts ./scripts
COPY apps ./apps
COPY libs ./libs
COPY packages ./packages
# The apps compiled, and the dashboard page's bundle (dist/web).
RUN npm run build

# Run stage: production dependencies only, compiled JavaScript, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/verify/package.json ./packages/verify/
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY scripts/build.mjs ./scripts/build.mjs
COPY config ./config
# The data volume (signing key of the log, local tokens), writable by the app's user.
RUN mkdir -p /app/.data && chown node:node /app/.data
VOLUME ["/app/.data"]
USER node
ENV PORT=3000 METRICS_PORT=9464
EXPOSE 3000 9464
# Node as PID 1 receives SIGTERM itself and shuts down cleanly (runProcess).
CMD ["node", "dist/apps/api/src/main.js"]
