package com.hackops.command.imports;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.command.tenant.PlanCatalogue;
import com.hackops.command.usage.UsageItem;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an imported tenant must satisfy to be adopted: the invariants a tenant created here never breaks (an OWNER,
 * admin seats and usage within the plan) and a creation date in the past. The import endpoint reports these per row;
 * the aggregate enforces them again, because only it is authoritative.
 */
public final class ImportRules {

    private ImportRules() {
    }

    /**
     * Why the tenant may not be imported as given; empty when it may. A {@code null} plan or creation date (one the
     * caller could not read) skips the rules that need it, so the other reasons are still found.
     */
    public static List<String> problems(Plan plan, Instant createdAt, List<ImportedMember> members,
                                        List<UsageItem> usage, Instant now) {
        List<String> problems = new ArrayList<>();
        Limits limits = plan == null ? null : PlanCatalogue.grantOf(plan).limits();
        if (createdAt != null && createdAt.isAfter(now)) {
            problems.add("createdAt %s lies in the future".formatted(createdAt));
        }
        problems.addAll(memberProblems(plan, limits, members));
        Set<Metric> seen = new HashSet<>();
        for (UsageItem item : usage) {
            Metric metric = item.metric();
            if (!metric.reportedByClients()) {
                problems.add("usage may not name ADMINS: it is counted from the members with role OWNER or ADMIN");
            } else if (!seen.add(metric)) {
                problems.add("usage of %s is given twice".formatted(metric));
            } else if (item.delta() < 0) {
                problems.add("usage of %s is negative (%d)".formatted(metric, item.delta()));
            } else if (limits != null && item.delta() > limits.of(metric)) {
                problems.add("usage of %s (%d) is above plan %s's limit of %d".formatted(metric, item.delta(), plan,
                        limits.of(metric)));
            }
        }
        return problems;
    }

    private static List<String> memberProblems(Plan plan, Limits limits, List<ImportedMember> members) {
        List<String> problems = new ArrayList<>();
        Set<String> users = new HashSet<>();
        for (ImportedMember member : members) {
            if (!users.add(member.userId())) {
                problems.add("user '%s' is listed twice".formatted(member.userId()));
            }
        }
        if (members.stream().noneMatch(member -> member.role() == Role.OWNER)) {
            problems.add("no member has role OWNER (a tenant always has one)");
        }
        long seats = members.stream().filter(member -> member.role().occupiesAdminSeat()).count();
        if (limits != null && seats > limits.of(Metric.ADMINS)) {
            problems.add("%d members take admin seats (OWNER, ADMIN); plan %s has %d".formatted(seats, plan,
                    limits.of(Metric.ADMINS)));
        }
        return problems;
    }

    /** The aggregate's guard: platform admins only, and no problem at all. */
    public static void require(ImportTenant command, Instant now) {
        if (!command.caller().platformAdmin()) {
            throw Rejections.of(RejectionKind.FORBIDDEN, "Only platform administrators import tenants.");
        }
        List<String> problems = problems(command.plan(), command.createdAt(), command.members(), command.usage(), now);
        if (!problems.isEmpty()) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, String.join("; ", problems), Map.of("reasons", problems));
        }
    }
}
