# Shared helpers for infra/bin/{up,down,status}: configuration from the environment,
# pidfiles, port checks and readiness waits. Sourced, never run.
# shellcheck shell=bash

FRESHET_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INFRA_DIR=$FRESHET_REPO/infra

# --- configuration (documented in infra/README.md) -------------------------------------
# Defaults are deliberately off the standard ports so a system Kafka or Redis (the Debian
# package starts one on 6379) never collides with ours.
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-6}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}
FRESHET_REGIONS=${FRESHET_REGIONS:-eu-west,us-east}
REDIS_BASE_PORT=${REDIS_BASE_PORT:-16379}
KV_REST_BASE_PORT=${KV_REST_BASE_PORT:-18079}
KV_REST_TOKEN=${KV_REST_TOKEN:-freshet-dev-token}
STATE_DIR=$(realpath -m "${FRESHET_STATE_DIR:-$FRESHET_REPO/.state}")
READY_TIMEOUT=${FRESHET_READY_TIMEOUT:-90}

LOG_DIR=$STATE_DIR/logs
RUN_DIR=$STATE_DIR/run
KAFKA_DIR=$STATE_DIR/kafka
KAFKA_DATA_DIR=$KAFKA_DIR/data
REDIS_DATA_ROOT=$STATE_DIR/redis
STACK_FILE=$STATE_DIR/stack.json
KAFKA_LIBS=$INFRA_DIR/kafka/target/libs
KV_REST_MAIN=$INFRA_DIR/src/kv-rest/main.ts

# --- output -----------------------------------------------------------------------------
say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

now_ms() { date +%s%3N; }
# Seconds since a now_ms timestamp, one decimal: "4.2s".
since() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%ds' $((ms / 1000)) $(((ms % 1000) / 100))
}

# --- configuration checks ---------------------------------------------------------------
is_port_number() { [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0 && $1 < 65536)); }

REGIONS=()
parse_regions() {
  local raw name
  IFS=',' read -ra raw <<<"$FRESHET_REGIONS"
  for name in "${raw[@]}"; do
    name=${name//[[:space:]]/}
    [[ -z $name ]] && continue
    # Region names become file names and JSON strings: keep them boring.
    [[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]] ||
      die "FRESHET_REGIONS: '$name' is not a valid region name (use lowercase letters, digits and '-')"
    REGIONS+=("$name")
  done
  ((${#REGIONS[@]} > 0)) || die "FRESHET_REGIONS is empty; set it to e.g. eu-west,us-east"
}

redis_port() { echo $((REDIS_BASE_PORT + $1)); }
kv_rest_port() { echo $((KV_REST_BASE_PORT + $1)); }

# Every port we would bind, as "port VAR" lines, so conflicts can name the variable to change.
planned_ports() {
  local i
  echo "$KAFKA_PORT KAFKA_PORT"
  echo "$KAFKA_CONTROLLER_PORT KAFKA_CONTROLLER_PORT"
  for i in "${!REGIONS[@]}"; do
    echo "$(redis_port "$i") REDIS_BASE_PORT"
    echo "$(kv_rest_port "$i") KV_REST_BASE_PORT"
  done
}

check_config() {
  parse_regions
  local var
  for var in KAFKA_PORT KAFKA_CONTROLLER_PORT REDIS_BASE_PORT KV_REST_BASE_PORT; do
    is_port_number "${!var}" || die "$var=${!var} is not a port number"
  done
  [[ $KAFKA_PARTITIONS =~ ^[1-9][0-9]*$ ]] || die "KAFKA_PARTITIONS=$KAFKA_PARTITIONS is not a positive integer"
  [[ $READY_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "FRESHET_READY_TIMEOUT=$READY_TIMEOUT is not a positive integer"
  [[ -n $KV_REST_TOKEN ]] || die "KV_REST_TOKEN is empty"
  local dupes
  dupes=$(planned_ports | awk '{print $1}' | sort | uniq -d)
  [[ -z $dupes ]] || die "the configured ports overlap ($(echo "$dupes" | tr '\n' ' ')): with ${#REGIONS[@]} regions, REDIS_BASE_PORT and KV_REST_BASE_PORT need ${#REGIONS[@]} free ports each, apart from KAFKA_PORT and KAFKA_CONTROLLER_PORT"
}

# --- processes and pidfiles -------------------------------------------------------------
# A service is "ours" when its pidfile names a live process whose command line carries the
# service's marker; the marker guards against a recycled pid after a reboot or crash.
pidfile() { echo "$RUN_DIR/$1.pid"; }

service_marker() {
  case $1 in
    kafka) echo "kafka.Kafka" ;;
    redis-*) echo "redis-server" ;;
    kv-rest-*) echo "kv-rest/main.ts" ;;
    features) echo "features/main.ts" ;;
    edge) echo "wrangler" ;;
    *) echo "$1" ;;
  esac
}

# kill -0 also succeeds on a zombie, and this machine's init reaps orphans only now and then.
pid_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

# Prints the pid of a running service of ours, or fails.
running_pid() {
  local file pid
  file=$(pidfile "$1")
  [[ -f $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid ]] && pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(service_marker "$1")" || return 1
  echo "$pid"
}

# SIGTERM, wait, then SIGKILL; removes the pidfile either way.
stop_service() {
  local name=$1 timeout=${2:-30} pid start
  if ! pid=$(running_pid "$name"); then
    if [[ -f $(pidfile "$name") ]]; then
      say "  $name: not running (removing stale pidfile)"
    fi
    rm -f "$(pidfile "$name")" "$RUN_DIR/$name.port"
    return 0
  fi
  start=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) did not stop within ${timeout}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pidfile "$name")" "$RUN_DIR/$name.port"
  say "  $name: stopped pid $pid in $(since "$start")"
}

# Starts a command detached from this shell (own session, stdin closed, output appended to a
# log) and records its pid. The inner shell writes its own pid and then execs, so the pid is
# the service's even if setsid had to fork.
spawn() {
  local name=$1 log=$2
  shift 2
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$(pidfile "$name")" "$@" >>"$log" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $(pidfile "$name") ]] && return 0
    sleep 0.05
  done
  die "$name did not start (no pidfile); see $log"
}

# --- ports ------------------------------------------------------------------------------
port_listening() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

port_accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# "python3 (pid 1234)" when ss can tell, else nothing.
port_holder() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null |
    grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n1 |
    sed -E 's/users:\(\("([^"]*)",pid=([0-9]*)/\1 (pid \2)/'
}

require_port_free() {
  local port=$1 var=$2 holder
  port_listening "$port" || return 0
  holder=$(port_holder "$port")
  die "port $port is already in use${holder:+ by $holder}, and it is not part of this stack.
  Stop that process, or choose another port: $var=<port> npm run infra:up"
}

# --- readiness --------------------------------------------------------------------------
# wait_for NAME PID LOG CMD...: polls CMD until it succeeds; fails early if PID dies.
wait_for() {
  local name=$1 pid=$2 log=$3
  shift 3
  local deadline=$((SECONDS + READY_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $pid ]] && ! pid_alive "$pid"; then
      show_log_tail "$log"
      die "$name exited during startup; see $log"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$log"
      die "$name was not ready after ${READY_TIMEOUT}s (FRESHET_READY_TIMEOUT); see $log"
    fi
    sleep 0.25
  done
}

show_log_tail() {
  [[ -f $1 ]] || return 0
  printf -- '--- last lines of %s ---\n' "$1" >&2
  tail -n 20 "$1" >&2
  printf -- '---\n' >&2
}

redis_ping() { [[ $(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]; }

# --- prerequisites ----------------------------------------------------------------------
require_java() {
  command -v java >/dev/null 2>&1 ||
    die "java not found. Kafka needs Java 17 or newer: apt-get install -y openjdk-17-jre-headless (or any JDK 17+ on PATH)"
  local version major
  version=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  major=${version%%.*}
  [[ $major == 1 ]] && major=$(echo "$version" | cut -d. -f2)
  [[ $major =~ ^[0-9]+$ ]] && ((major >= 17)) ||
    die "java $version found, Kafka 4 needs Java 17 or newer (set PATH or JAVA_HOME to a newer JDK)"
}

require_node() {
  command -v node >/dev/null 2>&1 || die "node not found on PATH"
  [[ -d $FRESHET_REPO/node_modules/tsx ]] || die "node_modules are missing; run \`npm install\` at the repository root first"
}

# --- Kafka jars from Maven Central, refreshed when the pom changes -----------------------
ensure_kafka_libs() {
  local pom=$INFRA_DIR/kafka/pom.xml stamp=$KAFKA_LIBS/.pom.sha256 sum
  sum=$(sha256sum "$pom" | awk '{print $1}')
  [[ -f $stamp && $(cat "$stamp") == "$sum" ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found; Maven fetches Kafka's jars. Install it: apt-get install -y maven"
  local start log=$LOG_DIR/maven.log
  start=$(now_ms)
  say "kafka: fetching jars with Maven into ${KAFKA_LIBS#"$FRESHET_REPO"/} (log: $log)"
  rm -rf "$KAFKA_LIBS"
  if ! (cd "$INFRA_DIR/kafka" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies) >"$log" 2>&1; then
    show_log_tail "$log"
    die "Maven could not fetch Kafka's jars (see $log); Maven Central must be reachable"
  fi
  echo "$sum" >"$stamp"
  say "  $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $(since "$start")"
}
