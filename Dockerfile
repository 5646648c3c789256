# syntax=docker/dockerfile:1
# One image for the API, the worker and the migrations; RUN_MODE chooses (see docker-compose.yml).

# ---- build: compile TypeScript, generate the Prisma client, prebuild the workflow bundle ----
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app

# Dependencies' install scripts are not needed (the project runs none) and are kept off, as the
# project's own npm configuration keeps them off outside Docker.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY . .
# The script points PRISMA_SCHEMA_ENGINE_BINARY at a placeholder when no schema engine was
# installed: `generate` only checks that the file exists and never runs it.
RUN bash scripts/prisma-generate.sh
RUN npx tsc -p tsconfig.build.json
RUN node dist/scripts/build-workflow-bundle.js dist/workflow-bundle.js

# ---- runtime: production dependencies and compiled output only ----
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

COPY --from=build /app/dist ./dist
COPY prisma/migrations ./prisma/migrations
# db/migrator finds the migrations at ../prisma/migrations from its own folder, which is
# dist/prisma/migrations once compiled: one copy of them, reachable from both places.
# DATA_DIR's default (./data); nothing lands there when DATABASE_URL and SMTP_URL are set.
RUN ln -s ../prisma dist/prisma \
  && mkdir -p /app/data && chown node:node /app/data

# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
CMD ["node", "dist/server/main.js"]
