package com.hackops.e2e.chaos;

import com.hackops.e2e.support.Tokens;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * {@code infra/check-invariants}: the {@link InvariantChecker} as a command. Defaults are those of {@code infra/run}
 * (databases hackops_events / hackops_read on $PGHOST:$PGPORT, topic tenant-events on $HACKOPS_KAFKA_BOOTSTRAP or
 * 127.0.0.1:9092). Prints a summary; exit status 0 when every invariant holds, 1 on any violation, 2 when a source
 * cannot be read or the arguments are wrong.
 */
public final class CheckInvariants {

    static final String USAGE = """
            usage: infra/check-invariants [--events-db URL] [--read-db URL|none] [--bootstrap HOST:PORT] [--topic T|none]
                                          [--query-url URL] [--admin-token JWT] [--db-user U] [--db-password P]
                                          [--require-keyed-usage] [--await SECONDS] [--max-violations N]
              --events-db      JDBC URL of the event store (default jdbc:postgresql://$PGHOST:$PGPORT/hackops_events)
              --read-db        JDBC URL of the read models (default …/hackops_read); none skips the read models
              --bootstrap      Kafka bootstrap servers (default $HACKOPS_KAFKA_BOOTSTRAP or 127.0.0.1:9092)
              --topic          the events topic (default tenant-events); none skips the topic
              --query-url      also run the query side's platform audit there (e.g. http://127.0.0.1:8081)
              --admin-token    platform-admin bearer token for the audit (default: minted with the local dev secret)
              --db-user/--db-password   role reading both databases (default hackops_owner, which owns them)
              --require-keyed-usage     every UsageTracked must belong to an Idempotency-Key (all clients keyed)
              --await          repeat the check until it passes, for at most this many seconds (services still
                               catching up); the last report is printed
              --max-violations how many violations to print (default 50)
            """;

    private CheckInvariants() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (RuntimeException e) {
            System.err.println("check-invariants: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static int run(String[] args) {
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PGPORT", "5432");
        String eventsDb = "jdbc:postgresql://" + host + ":" + port + "/hackops_events";
        String readDb = "jdbc:postgresql://" + host + ":" + port + "/hackops_read";
        String bootstrap = System.getenv().getOrDefault("HACKOPS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String topic = "tenant-events";
        String queryUrl = null;
        String adminToken = null;
        String user = "hackops_owner";
        String password = "hackops_owner";
        boolean keyed = false;
        long awaitSeconds = 0;
        int maxViolations = 50;
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            switch (option) {
                case "--events-db" -> eventsDb = value(option, rest);
                case "--read-db" -> readDb = value(option, rest);
                case "--bootstrap" -> bootstrap = value(option, rest);
                case "--topic" -> topic = value(option, rest);
                case "--query-url" -> queryUrl = value(option, rest);
                case "--admin-token" -> adminToken = value(option, rest);
                case "--db-user" -> user = value(option, rest);
                case "--db-password" -> password = value(option, rest);
                case "--require-keyed-usage" -> keyed = true;
                case "--await" -> awaitSeconds = number(option, value(option, rest));
                case "--max-violations" -> maxViolations = (int) number(option, value(option, rest));
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + option);
            }
        }
        InvariantChecker checker = InvariantChecker.eventStore(eventsDb, user, password).requireKeyedUsage(keyed);
        if (!readDb.equals("none")) {
            checker.readModels(readDb, user, password);
        }
        if (!topic.equals("none")) {
            checker.topic(bootstrap, topic);
        }
        if (queryUrl != null) {
            checker.queryApi(queryUrl.replaceAll("/+$", ""),
                    adminToken != null ? adminToken : Tokens.platformAdmin("invariant-checker"));
        }
        System.out.println("checking " + eventsDb + (readDb.equals("none") ? "" : ", " + readDb)
                + (topic.equals("none") ? "" : ", " + topic + "@" + bootstrap) + (queryUrl == null ? "" : ", audit at " + queryUrl));
        AtomicReference<InvariantChecker.Report> last = new AtomicReference<>(checker.check());
        if (!last.get().ok() && awaitSeconds > 0) {
            try {
                await("invariants").atMost(Duration.ofSeconds(awaitSeconds)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            last.set(checker.check());
                            return last.get().ok();
                        });
            } catch (ConditionTimeoutException e) {
                // the last report says what still fails
            }
        }
        System.out.print(last.get().summary(maxViolations));
        return last.get().ok() ? 0 : 1;
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    private static long number(String option, String value) {
        try {
            return Long.parseLong(value.replaceAll("s$", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not " + value);
        }
    }
}
