# shellcheck shell=bash
# Shared helpers for infra/kafka/{start,stop,topic}. Sourced, never executed.
#
# Environment (all optional):
#   HACKOPS_STATE_DIR   state root (default: <repo>/infra/.state); holds the cached broker
#                       classpath and the per-port broker dirs kafka-<port>/
#   KAFKA_PORT          broker (PLAINTEXT) port, default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port, default 9093
#   KAFKA_PARTITIONS    num.partitions for auto-created topics, default 12
#   KAFKA_JAVA          java executable (default: java; Kafka 4.x needs Java 17+)
#   KAFKA_HEAP_OPTS     broker heap (default: -Xms256m -Xmx512m)
#   KAFKA_LOG_LEVEL     broker root log level (default: WARN)
#   KAFKA_READY_TIMEOUT seconds infra/kafka/start waits for readiness (default: 60)
#   KAFKA_STOP_TIMEOUT  seconds infra/kafka/stop waits after TERM before KILL (default: 20)

KAFKA_INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HACKOPS_STATE_DIR="${HACKOPS_STATE_DIR:-$(cd "$KAFKA_INFRA_DIR/.." && pwd)/.state}"
KAFKA_POM="$KAFKA_INFRA_DIR/pom.xml"
KAFKA_LOG4J_CONFIG="$KAFKA_INFRA_DIR/log4j2.properties"
KAFKA_CLIENT_CONFIG="$KAFKA_INFRA_DIR/client.properties"
KAFKA_CP_FILE="$HACKOPS_STATE_DIR/kafka-classpath.txt"
KAFKA_JAVA="${KAFKA_JAVA:-java}"
KAFKA_HOST=127.0.0.1

kafka_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

kafka_require_number() { # name value
  [[ "$2" =~ ^[0-9]+$ ]] || kafka_die "$1 must be a number, got '$2'"
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
kafka_port_open() { # port
  timeout 2 bash -c "exec 3<>/dev/tcp/$KAFKA_HOST/$1" 2>/dev/null
}

# True when the classpath cache exists, is newer than the pom and every entry still exists.
_kafka_cp_fresh() {
  [[ -s "$KAFKA_CP_FILE" && "$KAFKA_CP_FILE" -nt "$KAFKA_POM" ]] || return 1
  local entry entries
  IFS=':' read -r -a entries <"$KAFKA_CP_FILE"
  for entry in "${entries[@]}"; do
    [[ -f "$entry" ]] || return 1
  done
}

# Sets KAFKA_CP, (re)building the cached classpath file with Maven when needed.
# Tries an offline resolution first (works whenever the jars are already in ~/.m2) and only
# falls back to normal resolution from Maven Central when that fails.
kafka_classpath() {
  mkdir -p "$HACKOPS_STATE_DIR"
  (
    flock 9 # concurrent start/topic calls (e.g. two brokers) must not race on the cache
    if ! _kafka_cp_fresh; then
      local tmp="$KAFKA_CP_FILE.tmp.$$"
      local -a mvn_args=(-q -B -Dstyle.color=never -f "$KAFKA_POM"
        dependency:build-classpath -Dmdep.outputFile="$tmp")
      local out
      if ! mvn -o "${mvn_args[@]}" >/dev/null 2>&1; then
        echo "resolving the Kafka broker classpath from Maven Central (first run only)..." >&2
        if ! out="$(mvn "${mvn_args[@]}" 2>&1)"; then
          rm -f "$tmp"
          printf '%s\n' "$out" >&2
          kafka_die "could not resolve $KAFKA_POM"
        fi
      fi
      [[ -s "$tmp" ]] || kafka_die "Maven wrote no classpath for $KAFKA_POM"
      mv -f "$tmp" "$KAFKA_CP_FILE"
    fi
  ) 9>"$HACKOPS_STATE_DIR/kafka-classpath.lock" || exit 1
  KAFKA_CP="$(<"$KAFKA_CP_FILE")"
}

# The java command line (without main class) for Kafka CLI tools on the cached classpath.
# Tool logs go to stderr at WARN so that stdout only carries the tool's own output.
# Requires KAFKA_CP (call kafka_classpath first).
_kafka_tool_cmd() {
  KAFKA_TOOL_CMD=("$KAFKA_JAVA" -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG"
    -Dhackops.kafka.log.target=SYSTEM_ERR -Dhackops.kafka.appinfo.level=WARN
    -cp "$KAFKA_CP")
}

# Runs a Kafka CLI main class (kafka-tools / kafka_2.13), e.g.
#   kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
kafka_tool() { # main-class args...
  _kafka_tool_cmd
  "${KAFKA_TOOL_CMD[@]}" "$@"
}

# True when a working Kafka broker answers on 127.0.0.1:<port>: the port is open, the broker
# answers ApiVersions AND lists itself in its metadata (i.e. it is registered and unfenced, so
# topics with replication factor 1 can be created). Requires KAFKA_CP.
kafka_broker_ok() { # port
  local port="$1" out
  kafka_port_open "$port" || return 1
  _kafka_tool_cmd
  out="$(timeout 30 "${KAFKA_TOOL_CMD[@]}" org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server "$KAFKA_HOST:$port" --command-config "$KAFKA_CLIENT_CONFIG" 2>/dev/null)" ||
    return 1
  [[ "$out" == *"(id: "* ]]
}
