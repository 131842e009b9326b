# Paperboy on Node.js 24. One image for every role: `serve` (HTTP interactions), `start` (gateway),
# `worker` (digest jobs) and `rest-proxy`; compose.yaml picks the role per service.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY bin/check-node.js bin/check-node.js
# package.json's override points a dev-only package here; npm ci resolves it even with --omit=dev.
COPY test/support/sqlite3-unused test/support/sqlite3-unused
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PAPERBOY_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json ./
COPY bin bin
COPY src src
COPY commands commands
COPY prompts prompts
COPY assets assets
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# node itself is PID 1 (not npm, which does not forward SIGTERM), so `docker stop` reaches the
# bot's drain: readiness turns 503, in-flight interactions finish, then it exits.
ENTRYPOINT ["node", "bin/paperboy.js"]
CMD ["serve"]
