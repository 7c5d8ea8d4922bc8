package com.hackops.command.imports;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.tenant.TenantVersion;
import com.hackops.command.usage.UsageItem;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import jakarta.validation.Validator;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges an export row by row and sends one {@link ImportTenant} per valid row that was not imported before. A row is
 * ALREADY_IMPORTED when its (source, externalId) became a tenant earlier, so running a file again creates nothing;
 * otherwise it is INVALID with every reason found (field rules, unknown names, duplicates within the file, a slug
 * another tenant holds, the {@link ImportRules}), or imported. Rows are independent: one bad row never stops the rest.
 */
@Component
class TenantImporter {

    private final CommandGateway commands;
    private final JdbcImportedTenants imported;
    private final Validator validator;

    TenantImporter(CommandGateway commands, JdbcImportedTenants imported, Validator validator) {
        this.commands = commands;
        this.imported = imported;
        this.validator = validator;
    }

    ImportReport run(ImportFile file, boolean dryRun, Caller caller) {
        Instant now = Instant.now();
        Map<String, List<Integer>> slugs = rowsBy(file.tenants(), ImportFile.Row::slug);
        Map<String, List<Integer>> externalIds = rowsBy(file.tenants(), ImportFile.Row::externalId);
        List<ImportReport.Row> results = new ArrayList<>();
        for (int i = 0; i < file.tenants().size(); i++) {
            ImportFile.Row row = file.tenants().get(i);
            List<String> duplicates = new ArrayList<>();
            duplicate(duplicates, "slug", row.slug(), slugs, i + 1);
            duplicate(duplicates, "externalId", row.externalId(), externalIds, i + 1);
            results.add(importRow(file.source(), i + 1, row, duplicates, dryRun, caller, now));
        }
        return ImportReport.of(file.source(), dryRun, results);
    }

    private ImportReport.Row importRow(String source, int number, ImportFile.Row row, List<String> reasons,
                                       boolean dryRun, Caller caller, Instant now) {
        Optional<TenantId> earlier = row.externalId() == null ? Optional.empty() : imported.find(source, row.externalId());
        if (earlier.isPresent()) {
            return ImportReport.Row.alreadyImported(number, row, earlier.get());
        }
        TenantId tenantId = TenantId.random();
        ImportTenant command = parse(tenantId, source, row, reasons, caller, now);
        if (row.slug() != null && imported.slugTaken(row.slug())) {
            reasons.add("slug '%s' is taken by another tenant".formatted(row.slug()));
        }
        if (!reasons.isEmpty()) {
            return ImportReport.Row.invalid(number, row, reasons);
        }
        if (dryRun) {
            return ImportReport.Row.wouldImport(number, row);
        }
        try {
            TenantVersion version = commands.sendAndWait(command);
            return ImportReport.Row.imported(number, row, tenantId, version.version());
        } catch (Rejection rejection) {
            if (rejection.kind() == RejectionKind.ALREADY_IMPORTED) {
                return ImportReport.Row.alreadyImported(number, row, TenantId.of((String) rejection.details().get("tenantId")));
            }
            return ImportReport.Row.invalid(number, row, List.of(rejection.getMessage()));
        }
    }

    /** The row as a command, adding to {@code reasons} whatever keeps it from being one. */
    private ImportTenant parse(TenantId tenantId, String source, ImportFile.Row row, List<String> reasons, Caller caller,
                               Instant now) {
        validator.validate(row).stream().map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().forEach(reasons::add);
        Plan plan = row.plan() == null ? null : parseEnum(Plan.class, row.plan(), "plan", reasons);
        Instant createdAt = row.createdAt() == null ? null : parseInstant(row.createdAt(), reasons);
        List<ImportedMember> members = new ArrayList<>();
        for (ImportFile.Member member : row.members() == null ? List.<ImportFile.Member>of() : row.members()) {
            Role role = member == null || member.role() == null ? null
                    : parseEnum(Role.class, member.role(), "role of member '" + member.userId() + "'", reasons);
            if (role != null) {
                members.add(new ImportedMember(member.userId(), member.email(), member.displayName(), role));
            }
        }
        List<UsageItem> usage = new ArrayList<>();
        new TreeMap<>(row.usage() == null ? Map.<String, Long>of() : row.usage()).forEach((name, value) -> {
            Metric metric = parseEnum(Metric.class, name, "usage metric", reasons);
            if (value == null) {
                reasons.add("usage of %s has no value".formatted(name));
            } else if (metric != null) {
                usage.add(new UsageItem(metric, value, now));
            }
        });
        reasons.addAll(ImportRules.problems(plan, createdAt, members, usage, now));
        if (!reasons.isEmpty()) {
            return null;
        }
        return new ImportTenant(tenantId, row.name().strip(), row.slug(), plan, createdAt, source, row.externalId(),
                List.copyOf(members), List.copyOf(usage), caller);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String what, List<String> reasons) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            reasons.add("unknown %s '%s' (one of %s)".formatted(what, name, Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", "))));
            return null;
        }
    }

    private static Instant parseInstant(String text, List<String> reasons) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            reasons.add("createdAt '%s' is not an ISO-8601 instant such as 2021-05-04T09:30:00Z".formatted(text));
            return null;
        }
    }

    private static Map<String, List<Integer>> rowsBy(List<ImportFile.Row> rows, Function<ImportFile.Row, String> key) {
        Map<String, List<Integer>> numbers = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String value = key.apply(rows.get(i));
            if (value != null) {
                numbers.computeIfAbsent(value, k -> new ArrayList<>()).add(i + 1);
            }
        }
        return numbers;
    }

    private static void duplicate(List<String> reasons, String field, String value, Map<String, List<Integer>> rows,
                                  int number) {
        List<Integer> others = value == null ? List.of()
                : rows.get(value).stream().filter(other -> other != number).toList();
        if (!others.isEmpty()) {
            reasons.add("%s '%s' is also in row %s of this file".formatted(field, value,
                    others.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
    }
}
