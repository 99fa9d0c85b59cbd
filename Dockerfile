# Airbyte source connector image for Zendesk Chat.
#
#   docker build -t ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts:dev .
#   docker run --rm -i -v "$PWD/secrets:/data" ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts:dev check --config /data/config.json
#
# The image name is ours, not Airbyte's: `airbyte/source-zendesk-chat` is the official (Python)
# connector on Docker Hub, and a tag of ours under that name could silently pull theirs or shadow it.
# The registry host is part of the name, so a missing local image never resolves to Docker Hub.
# io.airbyte.name must equal metadata.yaml dockerRepository (test/packaging/dockerfile.test.ts).
#
# Machines without a Docker engine: `npm run image:test` builds this same file with buildah
# (see scripts/image-test.sh). Keep io.airbyte.version equal to package.json "version" and to
# metadata.yaml dockerImageTag (test/packaging/dockerfile.test.ts enforces it).

# ---- build stage: compile the product TypeScript (src/ -> dist/) ----
FROM node:20-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
# Dev dependencies are needed for tsc; no lifecycle scripts are required to compile.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY src ./src
RUN npx --no-install tsc -p tsconfig.json

# ---- runtime stage: production dependencies + compiled code only ----
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /airbyte/integration_code
COPY package.json package-lock.json ./
# --omit=optional: the DuckDB package (68 MB, for the local `sync`/`report` commands) is not for Airbyte.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf /root/.npm /tmp/*
COPY --from=build /build/dist ./dist
COPY spec.json ./spec.json

# Unprivileged user with a fixed numeric id (no dependency on the base image's `node` user, and
# numeric so Kubernetes runAsNonRoot can verify it). Code stays root-owned and read-only to it.
RUN groupadd --system --gid 10001 airbyte \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin airbyte
USER 10001:10001

# Heap flag (measured by `npm run bench`, see bench/README.md). V8 lets the old generation grow to
# about 4 x what survived the last full GC when its heap limit is 2 GiB or more (the default on a
# machine, or in a container, with 8 GiB or more), and at most about 2 x below that. A sync keeps
# little alive (~20 MB: the page in hand) but promotes every page it parses, so with the 4 x factor
# peak RSS sits ~60 MB higher for nothing (100k chats: ~215 MB -> ~155 MB with this flag, also at 1M).
# It costs ~10% more CPU in full GCs, which does not lengthen a real sync: Zendesk's 200 requests a
# minute leave the process idle most of the time. 1536 MB is far above what a sync needs (pages of
# 1000 records, ~3 MB of JSON each) and keeps the heap limit under a 2 GiB container limit.
# Set through NODE_OPTIONS, not the ENTRYPOINT, so an operator can override it (docker run -e).
ENV NODE_OPTIONS="--max-old-space-size=1536"
ENV AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/main.js"
ENTRYPOINT ["node", "/airbyte/integration_code/dist/main.js"]

LABEL io.airbyte.name=ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts
LABEL io.airbyte.version=0.1.0
