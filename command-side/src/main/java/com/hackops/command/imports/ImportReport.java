package com.hackops.command.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.hackops.events.types.TenantId;

import java.util.List;
import java.util.stream.Collectors;

/** What an import did (or, in a dry run, would do) with each row of the file, in file order. */
record ImportReport(String source, boolean dryRun, Summary summary, List<Row> results) {

    /** IMPORTED: created now; WOULD_IMPORT: valid (dry run); ALREADY_IMPORTED: an earlier import created it; INVALID: skipped. */
    enum Outcome { IMPORTED, WOULD_IMPORT, ALREADY_IMPORTED, INVALID }

    record Summary(long imported, long wouldImport, long alreadyImported, long invalid) {
    }

    /** {@code row} counts the file's tenants from 1. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Row(int row, String externalId, String slug, Outcome outcome, TenantId tenantId, Long version,
               List<String> reasons) {

        static Row imported(int row, ImportFile.Row tenant, TenantId tenantId, long version) {
            return new Row(row, tenant.externalId(), tenant.slug(), Outcome.IMPORTED, tenantId, version, List.of());
        }

        static Row wouldImport(int row, ImportFile.Row tenant) {
            return new Row(row, tenant.externalId(), tenant.slug(), Outcome.WOULD_IMPORT, null, null, List.of());
        }

        static Row alreadyImported(int row, ImportFile.Row tenant, TenantId tenantId) {
            return new Row(row, tenant.externalId(), tenant.slug(), Outcome.ALREADY_IMPORTED, tenantId, null, List.of());
        }

        static Row invalid(int row, ImportFile.Row tenant, List<String> reasons) {
            return new Row(row, tenant.externalId(), tenant.slug(), Outcome.INVALID, null, null, List.copyOf(reasons));
        }
    }

    static ImportReport of(String source, boolean dryRun, List<Row> rows) {
        return new ImportReport(source, dryRun, new Summary(count(rows, Outcome.IMPORTED), count(rows, Outcome.WOULD_IMPORT),
                count(rows, Outcome.ALREADY_IMPORTED), count(rows, Outcome.INVALID)), List.copyOf(rows));
    }

    private static long count(List<Row> rows, Outcome outcome) {
        return rows.stream().filter(row -> row.outcome() == outcome).count();
    }

    /** The report as lines for a terminal; the last line is the summary, ending in "invalid N". */
    String text() {
        String header = "source %s, %d row(s)%s".formatted(source, results.size(), dryRun ? " (dry run: nothing was created)" : "");
        String rows = results.stream().map(ImportReport::line).collect(Collectors.joining("\n"));
        return "%s\n%s\nimported %d, would import %d, already imported %d, invalid %d\n".formatted(header, rows,
                summary.imported(), summary.wouldImport(), summary.alreadyImported(), summary.invalid());
    }

    private static String line(Row row) {
        String what = switch (row.outcome()) {
            case IMPORTED -> "tenant %s, version %d".formatted(row.tenantId(), row.version());
            case ALREADY_IMPORTED -> "tenant " + row.tenantId();
            case WOULD_IMPORT -> "";
            case INVALID -> String.join("; ", row.reasons());
        };
        return "row %d  %s  %s  %s  %s".formatted(row.row(), row.externalId(), row.slug(), row.outcome(), what).stripTrailing();
    }
}
