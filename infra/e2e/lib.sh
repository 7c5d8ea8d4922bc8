# shellcheck shell=bash
# Helpers of infra/check-invariants and infra/chaos: they run classes of this module's test sources with plain java
# (the checker is a command; the fault suite runs for many minutes and should not hold Maven). Sourced after
# infra/lib.sh. HACKOPS_MVN_LOCK (optional): a file to flock around every Maven call, on machines where builds
# take turns.

E2E_DIR="$REPO_DIR/infra/e2e"
E2E_CLASSPATH_FILE="$E2E_DIR/target/test-run.classpath"

e2e_mvn() {
  if [ -n "${HACKOPS_MVN_LOCK:-}" ]; then
    flock "$HACKOPS_MVN_LOCK" mvn "$@"
  else
    mvn "$@"
  fi
}

# Compiles the module's test sources and writes their classpath when either is missing or older than a source.
e2e_build_classpath() {
  if [ -f "$E2E_CLASSPATH_FILE" ] && [ -d "$E2E_DIR/target/test-classes/com/hackops/e2e/chaos" ] &&
     [ -z "$(find "$E2E_DIR/src" "$E2E_DIR/pom.xml" "$REPO_DIR/pom.xml" -newer "$E2E_CLASSPATH_FILE" -print -quit)" ]; then
    return 0
  fi
  say "compiling infra/e2e's test sources"
  local build=(-B -q -pl infra/e2e test-compile
               org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath
               -Dmdep.outputFile="$E2E_CLASSPATH_FILE" -Dmdep.includeScope=test)
  # offline first (everything is usually in ~/.m2); online once if an artifact is missing
  (cd "$REPO_DIR" && e2e_mvn "${build[@]}" -o >&2) || (cd "$REPO_DIR" && e2e_mvn "${build[@]}" >&2)
}

# Runs a main class of the test sources: e2e_java [jvm options…] <main class> [arguments…]
e2e_java() {
  local java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  "$java_bin" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dhackops.e2e.module-dir="$E2E_DIR" \
    -cp "$E2E_DIR/target/test-classes:$(cat "$E2E_CLASSPATH_FILE")" "$@"
}

# Like e2e_java, from private copies of the test classes and the classpath's jars: a long run (infra/chaos) must not
# load classes from files that a build elsewhere on the machine rewrites meanwhile. The copies go to $1 (recreated).
e2e_java_from_copy() {
  local dir="$1"
  shift
  rm -rf "$dir"
  mkdir -p "$dir/lib"
  cp -r "$E2E_DIR/target/test-classes" "$dir/classes"
  local classpath="$dir/classes" entry
  while IFS= read -r entry; do
    [ -n "$entry" ] || continue
    cp "$entry" "$dir/lib/"
    classpath="$classpath:$dir/lib/$(basename "$entry")"
  done < <(tr ':' '\n' <"$E2E_CLASSPATH_FILE")
  local java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  "$java_bin" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dhackops.e2e.module-dir="$E2E_DIR" -cp "$classpath" "$@"
}
