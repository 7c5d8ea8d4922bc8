package com.hackops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.e2e.support.Api;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.Tokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static com.hackops.e2e.support.ReadYourWrites.awaitRead;
import static com.hackops.e2e.support.ReadYourWrites.read;
import static com.hackops.e2e.support.ReadYourWrites.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crypto-shredding as a client and an operator meet it, on the real jars: a member's e-mail and display name show on
 * the query side; after {@code DELETE …/members/{userId}/personal-data} the query side shows the placeholder, and a
 * {@code pg_dump} of the run's event store and of its read models contains neither — not in plain text, and not in
 * the hex form pg_dump writes {@code bytea} (event payloads) in, nor in base64.
 */
class PersonalDataErasureIT {

    private static final Duration FIRST_READ = Duration.ofSeconds(60);
    private static final String ERASED = "[erased]";
    private static final String PG_DUMP = Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/pg_dump"))
            ? "/usr/lib/postgresql/15/bin/pg_dump" : "pg_dump";
    /** pg_dump must see every row: a superuser (trust or peer auth on the test machine), as row-level security binds the owner. */
    private static final String DUMP_ROLE = System.getenv().getOrDefault("HACKOPS_PG_DUMP_USER", "postgres");

    @Test
    void after_an_erasure_the_query_side_shows_the_placeholder_and_neither_database_dump_holds_the_data() throws Exception {
        try (Platform platform = Platform.start()) {
            Api command = platform.command();
            Api query = platform.query();
            String run = UUID.randomUUID().toString().substring(0, 8);
            String owner = "owner-" + run;
            String token = Tokens.user(owner);
            String member = "erin-" + run;
            String email = "erin.erasable." + run + "@private.example";
            String name = "Erin Erasable " + run;

            Api.Response created = command.post("/api/v1/tenants", token,
                    "{\"name\":\"Private %s\",\"slug\":\"private-%s\",\"plan\":\"STARTER\"}".formatted(run, run));
            versionOf(created, 201);
            String tenant = created.json().path("tenantId").asText();
            String members = "/api/v1/tenants/" + tenant + "/members";
            long added = versionOf(command.post(members, token, "{\"userId\":\"%s\",\"email\":\"%s\",\"displayName\":\"%s\",\"role\":\"MEMBER\"}"
                    .formatted(member, email, name)), 201);

            JsonNode shown = memberOf(awaitRead(query, token, tenant, "/members", added, FIRST_READ), member);
            assertThat(shown.path("email").asText()).isEqualTo(email);
            assertThat(shown.path("displayName").asText()).isEqualTo(name);

            long erased = versionOf(command.send("DELETE", members + "/" + member + "/personal-data", token, null), 200);
            assertThat(erased).isEqualTo(added + 1);
            JsonNode after = memberOf(read(query, token, tenant, "/members", erased), member);
            assertThat(after.path("email").asText()).isEqualTo(ERASED);
            assertThat(after.path("displayName").asText()).isEqualTo(ERASED);
            assertThat(after.path("role").asText()).as("still a member").isEqualTo("MEMBER");

            String events = dump(platform.eventStoreUrl());
            String readModels = dump(platform.readModelsUrl());
            assertThat(events).as("the dump holds the event payloads (hex of bytea)").contains(hex("\"userId\":\"" + member + "\""))
                    .contains("PersonalDataErased");
            assertThat(readModels).as("the dump holds the member rows").contains(member).contains(ERASED);
            for (String secret : new String[] {email, name}) {
                for (String dump : new String[] {events, readModels}) {
                    assertThat(dump).doesNotContain(secret).doesNotContain(hex(secret)).doesNotContain(base64(secret))
                            .doesNotContain(secret.toLowerCase());
                }
            }
        }
    }

    private static JsonNode memberOf(JsonNode answer, String userId) {
        return StreamSupport.stream(answer.path("members").spliterator(), false)
                .filter(m -> m.path("userId").asText().equals(userId)).findFirst()
                .orElseThrow(() -> new AssertionError("no member " + userId + " in " + answer));
    }

    /** pg_dump (data and schema) of the database of a JDBC URL, as the superuser. */
    private static String dump(String jdbcUrl) throws IOException, InterruptedException {
        String hostPortDatabase = jdbcUrl.substring("jdbc:postgresql://".length());
        String database = hostPortDatabase.substring(hostPortDatabase.indexOf('/') + 1);
        String host = hostPortDatabase.substring(0, hostPortDatabase.indexOf(':'));
        String port = hostPortDatabase.substring(hostPortDatabase.indexOf(':') + 1, hostPortDatabase.indexOf('/'));
        Path out = Files.createTempFile("hackops-dump-", ".sql");
        try {
            Process process = new ProcessBuilder(PG_DUMP, "--no-password", "-h", host, "-p", port, "-U", DUMP_ROLE,
                    "-f", out.toString(), database).redirectErrorStream(true).start();
            String messages = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("pg_dump finished").isTrue();
            assertThat(process.exitValue()).as("pg_dump of %s as %s: %s", database, DUMP_ROLE, messages).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
