#!/usr/bin/env bash
# Container image test: build the Dockerfile into a real image and run the connector through the
# image's ENTRYPOINT (spec, check, discover, full read) against the Zendesk Chat emulator, and with a
# `support` block against its Zendesk Support API too (check, discover, a read of Support tables).
#
#   npm run image:test        (= npm run build && bash scripts/image-test.sh)
#
# With a working Docker engine (`docker info` succeeds) it uses docker build/run. Otherwise it uses
# buildah with chroot isolation (see the recipe "container image without docker"): installs
# buildah/podman/debootstrap with apt-get if missing (needs root), builds a stand-in for
# docker.io/library/node:20-slim once (debootstrap minbase + this machine's Node 20) and caches it in
# the container storage, then builds the UNCHANGED Dockerfile with `buildah bud --pull=never`.
#
# Checks: image config (Entrypoint, AIRBYTE_ENTRYPOINT, non-root User, io.airbyte.* labels vs
# metadata.yaml and package.json), --version and the no-argument usage, every stdout line an Airbyte
# message, exactly one SPEC,
# CONNECTION_STATUS SUCCEEDED, CATALOG with every registered stream, read with RECORDs for every configured stream
# (each valid against its stream's schema) and STATE messages and no TRACE ERROR, and the layers added
# on top of node:20-slim < 60 MB. Chat-only config: Chat's streams only; Support config: Chat's and
# Support's, and a read of SUPPORT_READ_STREAMS (every Support stream of the registry).
#
# Env: IMAGE (default ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts:dev, metadata.yaml dockerRepository), IMAGE_ENGINE=docker|buildah to force a route,
#      MAX_ADDED_MB (default 60), EXPECTED_STREAMS (default: the Chat registry's count),
#      EXPECTED_SUPPORT_STREAMS (default: Chat's + Support's), KEEP_WORK=1 to keep run files,
#      KEEP_IMAGE=1 to keep the built image (buildah route; by default it is removed at the end).
# The buildah route says, before it does it, what it installs system-wide and how much it writes to the
# container storage; at the end, what is left there and how to remove it.
# Work files live under .image-work/ (gitignored). Idempotent; exit code 0 only if everything passed.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
IMAGE=${IMAGE:-ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts:dev}
BASE_IMAGE=docker.io/library/node:20-slim
MAX_ADDED_MB=${MAX_ADDED_MB:-60}
# The stream registry says how many streams discover must list (no hard-coded count).
EXPECTED_STREAMS=${EXPECTED_STREAMS:-$(node --input-type=module -e 'const m = await import("./dist/zendesk-chat/streams/index.js"); console.log(m.allStreams.length)')}
# With a support block: Chat's and Support's streams.
EXPECTED_SUPPORT_STREAMS=${EXPECTED_SUPPORT_STREAMS:-$(node --input-type=module -e 'const c = await import("./dist/zendesk-chat/streams/index.js"); const s = await import("./dist/zendesk-support/streams/index.js"); console.log(c.allStreams.length + s.supportStreams.length)')}
# Every Support stream, from the registry: the exports, the lists, the side-load, the audits' children.
SUPPORT_READ_STREAMS=${SUPPORT_READ_STREAMS:-$(node --input-type=module -e 'const s = await import("./dist/zendesk-support/streams/index.js"); console.log(s.supportStreams.map((d) => d.name).join(","))')}
WORK=$ROOT/.image-work
RUN_DIR=""  # per-run directory under $WORK, created below; kept only when something failed
HELPERS=""  # snapshot of build/scripts/image, set below
START_TIME=$(date +%s)

declare -a RESULTS=()
FAILED=0
EMULATOR_PID=""
CONTAINER=""

log() { printf '[image-test %3ss] %s\n' "$(($(date +%s) - START_TIME))" "$*"; }
pass() { RESULTS+=("PASS  $1"); log "PASS $1"; }
fail() { RESULTS+=("FAIL  $1"); FAILED=1; log "FAIL $1"; }

summary() {
  echo
  echo "================ image test summary ($ENGINE, $IMAGE) ================"
  for r in "${RESULTS[@]}"; do echo "  $r"; done
  echo "  elapsed: $(($(date +%s) - START_TIME)) s"
  if [ "$FAILED" -eq 0 ] && [ "${#RESULTS[@]}" -gt 0 ]; then
    echo "IMAGE TEST: PASS"
  else
    echo "IMAGE TEST: FAIL"
  fi
}

# The container storage (buildah/podman's images and layers) and how much it holds, in MB.
storage_root() {
  podman info --format '{{.Store.GraphRoot}}' 2>/dev/null || echo /var/lib/containers/storage
}
storage_mb() { du -sm "$(storage_root)" 2>/dev/null | cut -f1 || echo 0; }
STORAGE_BEFORE_MB=""

cleanup() {
  if [ -n "$EMULATOR_PID" ]; then kill "$EMULATOR_PID" 2>/dev/null; wait "$EMULATOR_PID" 2>/dev/null; fi
  if [ -n "$CONTAINER" ]; then buildah rm "$CONTAINER" >/dev/null 2>&1; fi
  if [ -n "$RUN_DIR" ] && [ "${KEEP_WORK:-0}" != 1 ] && [ "$FAILED" -eq 0 ]; then rm -rf "$RUN_DIR"; fi
  if [ "${ENGINE:-}" = buildah ] && [ -n "$STORAGE_BEFORE_MB" ]; then
    # The image this run built goes (KEEP_IMAGE=1 keeps it); the node:20-slim stand-in and the build's
    # layer cache stay, so the next run takes minutes less. Say what is left and how to remove it.
    if [ "${KEEP_IMAGE:-0}" != 1 ]; then buildah rmi "$IMAGE" >/dev/null 2>&1 || true; fi
    log "container storage $(storage_root): ${STORAGE_BEFORE_MB} MB before, $(storage_mb) MB now; kept: the $BASE_IMAGE stand-in and the layer cache (remove: podman rmi $BASE_IMAGE && podman image prune -af)$([ "${KEEP_IMAGE:-0}" = 1 ] && echo ", and $IMAGE (KEEP_IMAGE=1)")"
    if [ -n "${INSTALLED_TOOLS:-}" ]; then
      log "installed system-wide by this run: $INSTALLED_TOOLS (remove: apt-get remove $INSTALLED_TOOLS)"
    fi
  fi
}
trap cleanup EXIT

# Stop now: record why, print the summary, exit non-zero (cleanup runs from the EXIT trap).
abort() {
  fail "$1"
  summary
  exit 1
}

# ---------------------------------------------------------------- engine selection
ENGINE=${IMAGE_ENGINE:-}
if [ -z "$ENGINE" ]; then
  if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
    ENGINE=docker
  else
    ENGINE=buildah
  fi
fi
log "engine: $ENGINE"


# ---------------------------------------------------------------- buildah route: tools + base
ensure_tools() {
  local missing=() tool
  for tool in buildah podman debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || abort "missing ${missing[*]} and not root: install buildah podman debootstrap"
  log "no Docker engine here: installing ${missing[*]} system-wide with apt-get (they stay installed; the summary says how to remove them)"
  INSTALLED_TOOLS="${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq buildah podman debootstrap; } >"$WORK/apt.log" 2>&1 ||
    { tail -20 "$WORK/apt.log"; abort "apt-get install buildah podman debootstrap (see .image-work/apt.log)"; }
}

debian_mirror() {
  local mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit } $1 == "deb" { print $3; exit }' /etc/apt/sources.list)
  fi
  echo "${mirror:-http://deb.debian.org/debian}"
}

unmount_under() {
  local dir=$1 mnt
  [ -d "$dir" ] || return 0
  # Deepest first; a debootstrap interrupted mid-way can leave proc/sys mounted in the rootfs.
  for mnt in $(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$mnt" 2>/dev/null
  done
}

# A stand-in for node:20-slim: Debian minbase (same base as the real image) plus this machine's
# Node 20 and npm at the same places as in the real image's layout on this host, plus the host CA
# bundle and /etc/npmrc so `npm ci` inside RUN steps trusts the TLS proxy in front of the registry.
build_base_standin() {
  local dir=$WORK/base rootfs suite mirror node_bin npm_dir
  rootfs=$dir/rootfs
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  mirror=$(debian_mirror)
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(npm root -g)/npm
  case "$(node -p 'process.versions.node.split(".")[0]')" in
    20) ;;
    *) abort "host Node is $(node -v), the node:20-slim stand-in needs Node 20" ;;
  esac
  [ -d "$npm_dir" ] || abort "npm not found at $npm_dir"

  log "building the $BASE_IMAGE stand-in: debootstrap --variant=minbase $suite ($mirror)"
  unmount_under "$rootfs"
  rm -rf "$dir"
  mkdir -p "$rootfs"
  if ! debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$dir/debootstrap.log" 2>&1; then
    tail -20 "$dir/debootstrap.log"
    unmount_under "$rootfs"
    abort "debootstrap of the base stand-in (see .image-work/base/debootstrap.log)"
  fi
  unmount_under "$rootfs"

  mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules" "$rootfs/etc/ssl/certs"
  cp "$node_bin" "$rootfs/usr/local/bin/node"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  fi
  # npm's global config for a /usr/local prefix is /usr/local/etc/npmrc; the host's is /etc/npmrc.
  if [ -f /etc/npmrc ]; then
    cp /etc/npmrc "$rootfs/etc/npmrc"
    mkdir -p "$rootfs/usr/local/etc" && cp /etc/npmrc "$rootfs/usr/local/etc/npmrc"
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log

  tar -C "$rootfs" -cf "$dir/rootfs.tar" . || abort "tar of the base stand-in"
  if ! podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change "ENV NODE_VERSION=$(node -p process.versions.node)" \
    --change 'LABEL io.image-test.stand-in=node:20-slim' \
    --change 'CMD ["node"]' \
    --quiet "$dir/rootfs.tar" "$BASE_IMAGE" >/dev/null; then
    abort "podman import of the base stand-in"
  fi
  rm -rf "$dir"
  log "stand-in $BASE_IMAGE ready"
}

# ---------------------------------------------------------------- engine abstraction
image_config_json() {
  if [ "$ENGINE" = docker ]; then
    docker image inspect --format '{{json .Config}}' "$IMAGE"
  else
    buildah inspect --type image "$IMAGE"
  fi
}

image_size() { # bytes, uncompressed
  if [ "$ENGINE" = docker ]; then
    docker image inspect --format '{{.Size}}' "$1"
  else
    podman image inspect --format '{{.Size}}' "$1"
  fi
}

image_layers() { # one diff id per line
  if [ "$ENGINE" = docker ]; then
    docker image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1"
  else
    podman image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1"
  fi
}

# run_connector NAME ARGS... : the image's entrypoint + ARGS, stdout/stderr to $RUN_DIR/NAME.{stdout,stderr}
run_connector() {
  local name=$1
  shift
  if [ "$ENGINE" = docker ]; then
    docker run --rm --network host -v "$DATA_DIR:/data:ro" \
      -e "ZENDESK_CHAT_BASE_URL=$EMULATOR_URL" -e "ZENDESK_SUPPORT_BASE_URL=$SUPPORT_URL" "$IMAGE" "$@" \
      >"$RUN_DIR/$name.stdout" 2>"$RUN_DIR/$name.stderr" </dev/null
  else
    buildah run --isolation chroot --user "$IMAGE_USER" -v "$DATA_DIR:/data:ro" \
      -e "ZENDESK_CHAT_BASE_URL=$EMULATOR_URL" -e "ZENDESK_SUPPORT_BASE_URL=$SUPPORT_URL" \
      "$CONTAINER" -- "${ENTRYPOINT[@]}" "$@" \
      >"$RUN_DIR/$name.stdout" 2>"$RUN_DIR/$name.stderr" </dev/null
  fi
}

# ---------------------------------------------------------------- 1. build
mkdir -p "$WORK"
RUN_DIR=$(mktemp -d "$WORK/run.XXXXXX") || abort "mktemp under $WORK"
chmod 755 "$RUN_DIR"
log "work files: ${RUN_DIR#"$ROOT"/}"
# Snapshot the compiled helpers and emulator: other work may rebuild build/ while this runs. Their
# packages still resolve from the repo's node_modules (the run directory is inside the repo).
[ -f build/scripts/image/validate-messages.js ] && [ -f build/emulator/cli.js ] ||
  abort "build outputs missing (run via 'npm run image:test', which builds first)"
cp -a build "$RUN_DIR/build" || abort "snapshot of build/"
HELPERS=$RUN_DIR/build/scripts/image
export IMAGE_TEST_REPO_ROOT=$ROOT

if [ "$ENGINE" = docker ]; then
  log "docker build -t $IMAGE ."
  docker build -t "$IMAGE" . >"$RUN_DIR/build.log" 2>&1 ||
    { tail -30 "$RUN_DIR/build.log"; abort "docker build (log: ${RUN_DIR#"$ROOT"/}/build.log)"; }
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || docker pull "$BASE_IMAGE" >/dev/null 2>&1
else
  ensure_tools
  STORAGE_BEFORE_MB=$(storage_mb)
  log "container storage $(storage_root) holds ${STORAGE_BEFORE_MB} MB; this run may write up to ~640 MB there (the $BASE_IMAGE stand-in, built once and kept as a cache, the build's layers and the image, removed at the end unless KEEP_IMAGE=1)"
  # One base build at a time when several image tests start together.
  exec 9>"$WORK/base.lock"
  flock 9
  if podman image exists "$BASE_IMAGE"; then
    log "base $BASE_IMAGE present ($(podman image inspect --format '{{index .Labels "io.image-test.stand-in"}}' "$BASE_IMAGE" | sed 's/^node:20-slim$/stand-in/;s/^$/real image/'))"
  else
    build_base_standin
  fi
  flock -u 9
  # --layers caches the npm ci steps between runs; drop cache entries unused for a week.
  podman image prune -f --filter until=168h >/dev/null 2>&1 || true
  log "buildah bud --isolation chroot --pull=never --layers -t $IMAGE ."
  buildah bud --isolation chroot --pull=never --layers -t "$IMAGE" . >"$RUN_DIR/build.log" 2>&1 ||
    { tail -30 "$RUN_DIR/build.log"; abort "buildah bud (log: ${RUN_DIR#"$ROOT"/}/build.log)"; }
fi
pass "image built from the unchanged Dockerfile ($IMAGE)"

# ---------------------------------------------------------------- 2. image config
image_config_json >"$RUN_DIR/image-config.json" 2>"$RUN_DIR/inspect.stderr" || abort "inspect $IMAGE"
if node "$HELPERS/check-image-config.js" "$RUN_DIR/image-config.json" \
  --entrypoint-out "$RUN_DIR/entrypoint.txt" --user-out "$RUN_DIR/user.txt" >"$RUN_DIR/config-check.txt"; then
  pass "image config: $(tr '\n' ' ' <"$RUN_DIR/entrypoint.txt")| User $(cat "$RUN_DIR/user.txt") | labels match metadata.yaml/package.json"
else
  fail "image config checks"
fi
sed 's/^/    /' "$RUN_DIR/config-check.txt"
mapfile -t ENTRYPOINT <"$RUN_DIR/entrypoint.txt"
IMAGE_USER=$(cat "$RUN_DIR/user.txt")
[ "${#ENTRYPOINT[@]}" -gt 0 ] && [ -n "${ENTRYPOINT[0]}" ] || abort "image has no Entrypoint"
[ -n "$IMAGE_USER" ] || IMAGE_USER=0

# ---------------------------------------------------------------- 3. size of the added layers
base_size=$(image_size "$BASE_IMAGE" 2>/dev/null)
image_total=$(image_size "$IMAGE" 2>/dev/null)
image_layers "$BASE_IMAGE" 2>/dev/null | grep . >"$RUN_DIR/base-layers.txt"
image_layers "$IMAGE" 2>/dev/null | grep . >"$RUN_DIR/image-layers.txt"
base_count=$(grep -c . "$RUN_DIR/base-layers.txt")
if [ -z "$base_size" ] || [ -z "$image_total" ] || [ "$base_count" -eq 0 ]; then
  fail "layer size: could not inspect $IMAGE / $BASE_IMAGE sizes"
elif ! head -n "$base_count" "$RUN_DIR/image-layers.txt" | cmp -s - "$RUN_DIR/base-layers.txt"; then
  fail "layer size: $IMAGE is not built on the local $BASE_IMAGE"
else
  added=$((image_total - base_size))
  added_count=$(($(grep -c . "$RUN_DIR/image-layers.txt") - base_count))
  added_mb=$(awk -v b="$added" 'BEGIN { printf "%.1f", b / 1000000 }')
  msg="layers added on top of node:20-slim: $added_mb MB in $added_count layers (limit $MAX_ADDED_MB MB; image $((image_total / 1000000)) MB total)"
  if awk -v b="$added" -v max="$MAX_ADDED_MB" 'BEGIN { exit !(b < max * 1000000) }'; then pass "$msg"; else fail "$msg"; fi
  # The added layers, newest first (history entries that created a non-empty layer).
  "$([ "$ENGINE" = buildah ] && echo podman || echo docker)" history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" 2>/dev/null |
    grep -v '^0 *B' | head -n "$added_count" | cut -c1-160 | sed 's/^/    /'
fi

# ---------------------------------------------------------------- 4. emulator
DATA_DIR=$RUN_DIR/data
mkdir -p "$DATA_DIR"
chmod 755 "$DATA_DIR"
cat >"$DATA_DIR/config.json" <<'JSON'
{"subdomain":"emulator","credentials":{"credentials":"access_token","access_token":"emulator-access-token"}}
JSON
# The same connection with the Support tables: the emulator's default Support API token, budgets high
# enough not to wait (the real exports allow 10 requests a minute).
cat >"$DATA_DIR/config-support.json" <<'JSON'
{"subdomain":"emulator","credentials":{"credentials":"access_token","access_token":"emulator-access-token"},
 "support":{"credentials":{"credentials":"api_token","email":"admin@example.com","api_token":"emulator-support-token"},
            "requests_per_minute":10000,"export_requests_per_minute":1000}}
JSON

node "$RUN_DIR/build/emulator/cli.js" --port 0 --seed 1 >"$RUN_DIR/emulator.stdout" 2>"$RUN_DIR/emulator.stderr" &
EMULATOR_PID=$!
EMULATOR_URL=""
for _ in $(seq 1 300); do
  EMULATOR_URL=$(grep -m1 -o 'https\?://[^[:space:]]*' "$RUN_DIR/emulator.stdout" 2>/dev/null)
  [ -n "$EMULATOR_URL" ] && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$EMULATOR_URL" ] ||
  { cat "$RUN_DIR/emulator.stderr"; abort "emulator did not print its base URL (node build/emulator/cli.js --port 0 --seed 1)"; }
# The Chat API is <origin>/api/v2/chat, Support's <origin>/api/v2.
SUPPORT_URL=${EMULATOR_URL%/chat}
log "emulator at $EMULATOR_URL (Support: $SUPPORT_URL)"

if [ "$ENGINE" = buildah ]; then
  CONTAINER=$(buildah from --pull=never "$IMAGE" 2>"$RUN_DIR/from.stderr") ||
    { cat "$RUN_DIR/from.stderr"; CONTAINER=""; abort "buildah from $IMAGE"; }
fi

# ---------------------------------------------------------------- 5. the Airbyte commands
# run_and_validate NAME VALIDATOR-ARGS... -- CONNECTOR-ARGS...   (NAME: spec|check|discover|read, -support suffixed for the Support config)
run_and_validate() {
  local name=$1 status
  shift
  local vargs=()
  while [ "$1" != -- ]; do vargs+=("$1"); shift; done
  shift
  run_connector "$name" "$@"
  status=$?
  # The validator checks by command: "check-support" is a check (with the Support config).
  if node "$HELPERS/validate-messages.js" "${name%-support}" "$RUN_DIR/$name.stdout" "${vargs[@]}" >"$RUN_DIR/$name.check"; then
    if [ "$status" -eq 0 ]; then
      pass "$name through the image: $(sed -n '1s/^ok *[a-z]*: //p' "$RUN_DIR/$name.check")"
      return 0
    fi
    fail "$name through the image: exit code $status"
  else
    fail "$name through the image (exit code $status)"
  fi
  sed 's/^/    /' "$RUN_DIR/$name.check"
  echo "    --- stderr (last 15 lines) ---"
  tail -15 "$RUN_DIR/$name.stderr" | sed 's/^/    /'
  return 1
}

run_and_validate spec -- spec

# Not protocol commands: --version prints the package version on stdout; no arguments prints the
# usage on stderr, nothing on stdout, exit code 2.
PACKAGE_VERSION=$(node -p 'require("./package.json").version')
run_connector version --version
version_status=$?
if [ "$version_status" -eq 0 ] && [ "$(cat "$RUN_DIR/version.stdout")" = "$PACKAGE_VERSION" ]; then
  pass "--version through the image: $PACKAGE_VERSION"
else
  fail "--version through the image: exit $version_status, stdout '$(head -c 200 "$RUN_DIR/version.stdout")' (expected $PACKAGE_VERSION)"
fi
run_connector usage
usage_status=$?
if [ "$usage_status" -eq 2 ] && [ ! -s "$RUN_DIR/usage.stdout" ] && grep -q '^Usage: source-zendesk-chat' "$RUN_DIR/usage.stderr"; then
  pass "no arguments through the image: usage on stderr, exit 2"
else
  fail "no arguments through the image: exit $usage_status (expected 2 with the usage on stderr, stdout empty)"
fi
run_and_validate check -- check --config /data/config.json
# integration_tests/configured_catalog.json is the Chat + Support connection's; the Chat-only one's is
# configured_catalog_chat_only.json.
if [ -f integration_tests/configured_catalog_chat_only.json ]; then
  run_and_validate discover --streams "$EXPECTED_STREAMS" -- discover --config /data/config.json
  cp integration_tests/configured_catalog_chat_only.json "$DATA_DIR/catalog.json"
  catalog_source=integration_tests/configured_catalog_chat_only.json
else
  run_and_validate discover --streams "$EXPECTED_STREAMS" --write-configured-catalog "$DATA_DIR/catalog.json" \
    -- discover --config /data/config.json
  catalog_source="discover output (all streams, full_refresh)"
fi
# The catalog helper: stdout is the configured catalog JSON (not Airbyte messages).
run_connector catalog catalog --config /data/config.json
catalog_status=$?
catalog_streams=$(node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  process.stdout.write(String(c.streams.filter((s) => s.stream && s.sync_mode && s.destination_sync_mode).length))' \
  "$RUN_DIR/catalog.stdout" 2>/dev/null)
if [ "$catalog_status" -eq 0 ] && [ "$catalog_streams" = "$EXPECTED_STREAMS" ]; then
  pass "catalog through the image: a configured catalog of $catalog_streams streams on stdout"
else
  fail "catalog through the image: exit $catalog_status, ${catalog_streams:-no} configured streams (expected $EXPECTED_STREAMS)"
fi
if [ -s "$DATA_DIR/catalog.json" ]; then
  chmod 644 "$DATA_DIR"/*.json
  log "read with the configured catalog from $catalog_source"
  run_and_validate read --streams "$EXPECTED_STREAMS" --catalog "$DATA_DIR/catalog.json" -- read --config /data/config.json --catalog /data/catalog.json
else
  fail "read: no configured catalog (discover failed)"
fi

# ---------------------------------------------------------------- 6. with the Support tables
run_and_validate check-support -- check --config /data/config-support.json
run_and_validate discover-support --streams "$EXPECTED_SUPPORT_STREAMS" \
  --write-configured-catalog "$DATA_DIR/catalog-support.json" --only-streams "$SUPPORT_READ_STREAMS" \
  -- discover --config /data/config-support.json
if [ -s "$DATA_DIR/catalog-support.json" ]; then
  chmod 644 "$DATA_DIR"/*.json
  log "read of $SUPPORT_READ_STREAMS with the Support config (catalog from the image's discover)"
  run_and_validate read-support --streams "$(echo "$SUPPORT_READ_STREAMS" | tr ',' '\n' | wc -l)" \
    --catalog "$DATA_DIR/catalog-support.json" \
    -- read --config /data/config-support.json --catalog /data/catalog-support.json
else
  fail "read-support: no configured catalog (discover with the Support config failed)"
fi

summary
[ "$FAILED" -eq 0 ]
