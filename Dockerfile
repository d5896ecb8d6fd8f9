# Tawasul's production image. docker-compose.yml builds it and runs it beside PostgreSQL and Redis.

# --- build: compile TypeScript with every dependency, then keep only the production ones ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# .puppeteerrc.cjs keeps puppeteer (pulled in by whatsapp-web.js) from downloading a browser.
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-build-assets.js ./scripts/
COPY src ./src
COPY flows ./flows
COPY locales ./locales
# The same build as on a developer's machine: tsc, then scripts/copy-build-assets.js copies the files the
# code reads beside itself (SQL migrations, the web chat's page, …) into dist/.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime ---
FROM node:20-bookworm-slim
# The major version of docker-compose.yml's postgres image: pg_dump refuses a newer server than itself,
# and the backup would fall back to a slower portable dump.
ARG PG_MAJOR=16
# chromium: whatsapp-web.js drives WhatsApp Web in it; tini: PID 1 that forwards signals and reaps
# Chromium's children; postgresql-client-$PG_MAJOR: pg_dump and pg_restore for backups (src/ops/backup.ts),
# from PostgreSQL's own Debian repository (Debian 12 ships version 15 only), added with the script and
# signing key that Debian's postgresql-common package carries.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends chromium tini "postgresql-client-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    DATA_DIR=/app/data \
    CHROMIUM_PATH=/usr/bin/chromium \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium

WORKDIR /app
# The code stays owned by root, read-only for the app; only its state folders belong to it. Creating
# them here gives fresh named volumes mounted on them the same owner.
COPY --from=build /app/package.json /app/package-lock.json /app/.puppeteerrc.cjs ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY profiles ./profiles
RUN mkdir -p /app/data/documents /app/data/whatsapp-session /app/data/backups \
 && chown -R node:node /app/data
USER node

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
