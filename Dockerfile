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

# Heap ceiling (measured by `npm run bench`, see bench/README.md). How far the heap grows between
# full GCs is the connector's own choice (src/heap-policy.ts: 1.5 x what survived the last one, in
# every form it runs in); this flag caps the heap at 1536 MB, far above what a sync needs (~20 MB
# alive, pages of ~3 MB of JSON) and under a 2 GiB container limit, so a runaway fails inside the
# heap instead of growing until the node's OOM killer picks a process. Set through NODE_OPTIONS, not
# the ENTRYPOINT, so an operator can override it (docker run -e NODE_OPTIONS=...).
ENV NODE_OPTIONS="--max-old-space-size=1536"
# The C allocator (glibc) gives freed memory back to the system once 128 KiB lie free at the top of
# its heap, and maps blocks over 128 KiB on their own. By default it raises both thresholds to the
# largest block freed so far (a ~3 MB page body), after which memory freed in a long sync stayed
# mapped: peak RSS crept ~10 MB from 100k to 1M chats. Setting the trim threshold (to glibc's own
# initial value) turns that adaptation off: the peak is the same at any length (bench/README.md).
ENV MALLOC_TRIM_THRESHOLD_=131072
ENV AIRBYTE_ENTRYPOINT="node /airbyte/integration_code/dist/main.js"
ENTRYPOINT ["node", "/airbyte/integration_code/dist/main.js"]

LABEL io.airbyte.name=ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts
LABEL io.airbyte.version=0.1.0
