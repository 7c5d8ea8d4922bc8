package com.hackops.command.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.support.Api;
import com.hackops.command.support.IntegrationTest;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code infra/import} against the running command side: a file with valid, duplicate and invalid rows gives the
 * documented report, a dry run creates nothing, and a second run imports nothing twice.
 */
@IntegrationTest
class ImportIT {

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../infra/import").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @TempDir
    Path dir;

    private Api api;
    private String run;
    private String source;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        run = UUID.randomUUID().toString().substring(0, 8);
        source = "legacy-" + run;
    }

    @Test
    void a_file_with_valid_duplicate_and_invalid_rows_imports_the_valid_ones_once() throws IOException {
        String taken = "taken-" + run;
        api.createTenant("someone-" + run, taken, "FREE");
        Path file = write("""
                {"source": "%1$s", "exportedAt": "2026-01-31T12:00:00Z", "tenants": [
                  {"externalId": "org-1", "name": "Acme Hackathons", "slug": "acme-%2$s", "plan": "STARTER",
                   "createdAt": "2021-05-04T09:30:00Z",
                   "members": [{"userId": "alice-%2$s", "email": "alice@acme.example", "role": "OWNER"},
                               {"userId": "bob-%2$s", "role": "MEMBER"}],
                   "usage": {"EVENTS": 2, "PARTICIPANTS": 120, "STORAGE_BYTES": 0}},
                  {"externalId": "org-2", "name": "Beta Jams", "slug": "beta-%2$s", "plan": "FREE",
                   "createdAt": "2019-11-30T00:00:00Z", "members": [{"userId": "carol-%2$s", "role": "OWNER"}]},
                  {"externalId": "org-3", "name": "Twin A", "slug": "twin-%2$s", "plan": "FREE",
                   "createdAt": "2020-01-01T00:00:00Z", "members": [{"userId": "dan-%2$s", "role": "OWNER"}]},
                  {"externalId": "org-4", "name": "Twin B", "slug": "twin-%2$s", "plan": "FREE",
                   "createdAt": "2020-01-02T00:00:00Z", "members": [{"userId": "eve-%2$s", "role": "OWNER"}]},
                  {"externalId": "org-5", "name": "Gold Rush", "slug": "gold-%2$s", "plan": "GOLD",
                   "createdAt": "2020-01-01T00:00:00Z", "members": [{"userId": "fay-%2$s", "role": "ADMIN"}]},
                  {"externalId": "org-6", "name": "Crowded", "slug": "crowded-%2$s", "plan": "FREE",
                   "createdAt": "2020-01-01T00:00:00Z", "members": [{"userId": "gus-%2$s", "role": "OWNER"}],
                   "usage": {"PARTICIPANTS": 51}},
                  {"externalId": "org-7", "name": "Late", "slug": "%3$s", "plan": "FREE",
                   "createdAt": "yesterday", "members": [{"userId": "hal-%2$s", "role": "OWNER"}]}
                ]}""".formatted(source, run, taken));

        Outcome dryRun = runScript(file, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.output()).isEqualTo(1);
        assertThat(dryRun.rows()).containsExactly(
                "row 1  org-1  acme-" + run + "  WOULD_IMPORT",
                "row 2  org-2  beta-" + run + "  WOULD_IMPORT",
                "row 3  org-3  twin-" + run + "  INVALID  slug 'twin-" + run + "' is also in row 4 of this file",
                "row 4  org-4  twin-" + run + "  INVALID  slug 'twin-" + run + "' is also in row 3 of this file",
                "row 5  org-5  gold-" + run + "  INVALID  unknown plan 'GOLD' (one of FREE, STARTER, PROFESSIONAL, "
                        + "ENTERPRISE); no member has role OWNER (a tenant always has one)",
                "row 6  org-6  crowded-" + run + "  INVALID  usage of PARTICIPANTS (51) is above plan FREE's limit of 50",
                "row 7  org-7  " + taken + "  INVALID  createdAt 'yesterday' is not an ISO-8601 instant such as "
                        + "2021-05-04T09:30:00Z; slug '" + taken + "' is taken by another tenant");
        assertThat(dryRun.summary()).isEqualTo("imported 0, would import 2, already imported 0, invalid 5");
        assertThat(importedRows()).isZero();

        Outcome first = runScript(file);
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        assertThat(first.summary()).isEqualTo("imported 2, would import 0, already imported 0, invalid 5");
        assertThat(first.rows().subList(2, 7)).isEqualTo(dryRun.rows().subList(2, 7));
        String acme = tenantOf(first.rows().get(0), "IMPORTED");
        String beta = tenantOf(first.rows().get(1), "IMPORTED");
        assertThat(eventTypes(acme)).containsExactly("TenantImported", "MemberAdded", "MemberAdded", "UsageTracked");
        JsonNode imported = payload(acme, 0);
        assertThat(imported.get("createdAt").asText()).isEqualTo("2021-05-04T09:30:00Z");
        assertThat(imported.get("source").asText()).isEqualTo(source);
        assertThat(imported.get("externalId").asText()).isEqualTo("org-1");
        assertThat(imported.get("importedBy").asText()).isEqualTo("import-cli");
        assertThat(eventTypes(beta)).startsWith("TenantImported", "MemberAdded");

        Api.Response tracked = api.post("/api/v1/tenants/" + acme + "/usage", Tokens.user("alice-" + run),
                "{\"metric\":\"EVENTS\",\"delta\":1}");
        assertThat(tracked.json().get("used").asLong()).as("the imported usage counts: 2 + 1 of STARTER's 5").isEqualTo(3);

        Outcome second = runScript(file);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.summary()).isEqualTo("imported 0, would import 0, already imported 2, invalid 5");
        assertThat(tenantOf(second.rows().get(0), "ALREADY_IMPORTED")).isEqualTo(acme);
        assertThat(tenantOf(second.rows().get(1), "ALREADY_IMPORTED")).isEqualTo(beta);
        assertThat(importedRows()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%.TenantImported'"
                + " AND convert_from(payload, 'UTF8') LIKE ?", Long.class, "%\"" + source + "\"%")).isEqualTo(2);
    }

    @Test
    void the_json_report_names_every_row_and_only_platform_admins_may_import() {
        String body = """
                {"source": "%1$s", "tenants": [
                  {"externalId": "x-1", "name": "Solo", "slug": "solo-%2$s", "plan": "PROFESSIONAL",
                   "createdAt": "2022-02-02T02:02:02Z", "members": [{"userId": "solo-%2$s", "role": "OWNER"}],
                   "usage": {"ADMINS": 1}}]}""".formatted(source, run);
        assertThat(api.post("/api/v1/admin/imports", Tokens.user("solo-" + run), body).isProblem(403, "forbidden")).isTrue();
        assertThat(api.post("/api/v1/admin/imports", Tokens.platformAdmin("ops"), "{\"source\":\"s\",\"tenants\":[]}")
                .isProblem(400, "validation")).isTrue();

        Api.Response report = api.post("/api/v1/admin/imports?dryRun=true", Tokens.platformAdmin("ops"), body);
        assertThat(report.status()).isEqualTo(200);
        JsonNode json = report.json();
        assertThat(json.get("dryRun").asBoolean()).isTrue();
        assertThat(json.get("summary").get("invalid").asLong()).isEqualTo(1);
        JsonNode row = json.get("results").get(0);
        assertThat(row.get("row").asInt()).isEqualTo(1);
        assertThat(row.get("outcome").asText()).isEqualTo("INVALID");
        assertThat(row.get("reasons").get(0).asText())
                .isEqualTo("usage may not name ADMINS: it is counted from the members with role OWNER or ADMIN");
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("export.json");
        Files.writeString(file, json);
        return file;
    }

    private long importedRows() {
        return jdbc.queryForObject("SELECT count(*) FROM tenant_import WHERE source = ?", Long.class, source);
    }

    private List<String> eventTypes(String tenant) {
        return jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                        + "AND payload_type NOT LIKE '%Threshold%' ORDER BY sequence_number", String.class, tenant).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private JsonNode payload(String tenant, long sequence) throws IOException {
        byte[] payload = jdbc.queryForObject("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", byte[].class, tenant, sequence);
        return JSON.readTree(payload);
    }

    private static String tenantOf(String row, String outcome) {
        Matcher matcher = Pattern.compile("  " + outcome + "  tenant ([0-9a-f-]{36})").matcher(row);
        assertThat(matcher.find()).as(row).isTrue();
        return matcher.group(1);
    }

    /** What the script printed: the row lines, the summary line, the exit code. */
    private record Outcome(int exitCode, String output, List<String> rows, String summary) {
    }

    private Outcome runScript(Path file, String... options) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), file.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("COMMAND_URL", "http://127.0.0.1:" + port));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("infra/import finished").isTrue();
            List<String> lines = output.lines().toList();
            return new Outcome(process.exitValue(), output,
                    lines.stream().filter(line -> line.startsWith("row ")).toList(), lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
