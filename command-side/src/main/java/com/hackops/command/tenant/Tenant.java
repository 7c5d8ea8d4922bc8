package com.hackops.command.tenant;

import com.hackops.command.membership.AddMember;
import com.hackops.command.membership.ChangeMemberRole;
import com.hackops.command.membership.RemoveMember;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.command.security.Caller;
import com.hackops.command.security.Permission;
import com.hackops.command.usage.IdempotencyKeys;
import com.hackops.command.usage.TrackUsage;
import com.hackops.command.usage.UsageLimits;
import com.hackops.command.usage.UsageReceipt;
import com.hackops.command.usage.UsageSignals;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static com.hackops.command.membership.MembershipRules.adminSeats;
import static com.hackops.command.membership.MembershipRules.requireMayTouchOwnership;
import static com.hackops.command.membership.MembershipRules.requireOwnerRemains;
import static com.hackops.command.security.TenantAccess.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One tenant: its lifecycle, plan, members and usage form one consistency boundary, because every plan-limit
 * invariant spans them (a downgrade needs current usage, an admin seat needs the plan, an increment needs the
 * caller's role). Handlers check, then apply; the rules themselves live in small policy classes.
 */
@Aggregate(snapshotTriggerDefinition = "tenantSnapshotTrigger", cache = "tenantCache")
class Tenant {

    @AggregateIdentifier
    private TenantId tenantId;
    private String name;
    private String slug;
    private TenantStatus status;
    private Plan plan;
    private Limits limits;
    private Map<String, Role> members = new HashMap<>();
    private Map<Metric, Long> used = new EnumMap<>(Metric.class);

    Tenant() {
        // for Axon: rebuilt from events or a snapshot
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    TenantVersion handle(CreateTenant command, SlugRegistry slugs) {
        PlanCatalogue.Grant grant = PlanCatalogue.grantOf(command.plan());
        Caller caller = command.caller();
        apply(new TenantCreated(command.tenantId(), command.name(), command.slug(), command.plan(),
                grant.limits(), grant.features(), caller.userId()));
        addMember(caller.userId(), caller.email(), Role.OWNER, caller.userId());
        slugs.claim(command.slug(), command.tenantId());
        return version();
    }

    @CommandHandler
    TenantVersion handle(UpdateTenantProfile command, SlugRegistry slugs) {
        require(command.caller(), members, Permission.UPDATE_PROFILE);
        requireNotArchived();
        String newName = Objects.requireNonNullElse(command.name(), name);
        String newSlug = Objects.requireNonNullElse(command.slug(), slug);
        if (!newName.equals(name) || !newSlug.equals(slug)) {
            apply(new TenantProfileUpdated(tenantId, newName, newSlug, command.caller().userId()));
            slugs.claim(newSlug, tenantId);
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(SuspendTenant command) {
        require(command.caller(), members, Permission.SUSPEND);
        requireNotArchived();
        if (status == TenantStatus.ACTIVE) {
            apply(new TenantSuspended(tenantId, command.caller().userId()));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(ReactivateTenant command) {
        require(command.caller(), members, Permission.REACTIVATE);
        requireNotArchived();
        if (status == TenantStatus.SUSPENDED) {
            apply(new TenantReactivated(tenantId, command.caller().userId()));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(ArchiveTenant command) {
        require(command.caller(), members, Permission.ARCHIVE);
        if (status != TenantStatus.ARCHIVED) {
            apply(new TenantArchived(tenantId, command.caller().userId()));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(ChangePlan command) {
        require(command.caller(), members, Permission.CHANGE_PLAN);
        requireNotArchived();
        if (command.plan() == plan) {
            return version();
        }
        PlanCatalogue.Grant grant = PlanCatalogue.grantOf(command.plan());
        Map<Metric, long[]> exceeded = UsageLimits.exceeded(this::usedOf, grant.limits());
        if (!exceeded.isEmpty() && !command.allowOverLimit()) {
            throw PlanDowngradeBlocked.of(command.plan(), exceeded);
        }
        Limits before = limits;
        apply(new PlanChanged(tenantId, plan, command.plan(), grant.limits(), grant.features(),
                exceeded.isEmpty() ? Set.of() : EnumSet.copyOf(exceeded.keySet()), command.caller().userId()));
        for (Metric metric : Metric.values()) {
            signal(metric, usedOf(metric), before.of(metric), usedOf(metric));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(AddMember command) {
        requireMembershipChangeAllowed(command.caller());
        requireMayTouchOwnership(command.caller(), members, command.role());
        Role current = members.get(command.userId());
        if (current == command.role()) {
            return version();
        }
        if (current != null) {
            throw Rejections.of(RejectionKind.MEMBER_EXISTS,
                    "User is already a member with role " + current + "; change the role instead.");
        }
        requireSeatFor(null, command.role());
        addMember(command.userId(), command.email(), command.role(), command.caller().userId());
        return version();
    }

    @CommandHandler
    TenantVersion handle(ChangeMemberRole command) {
        requireMembershipChangeAllowed(command.caller());
        Role current = requireMember(command.userId());
        if (current == command.role()) {
            return version();
        }
        requireMayTouchOwnership(command.caller(), members, current, command.role());
        requireOwnerRemains(members, current);
        requireSeatFor(current, command.role());
        long seatsBefore = adminSeats(members);
        apply(new MemberRoleChanged(tenantId, command.userId(), current, command.role(), command.caller().userId()));
        signal(Metric.ADMINS, seatsBefore, limits.of(Metric.ADMINS), adminSeats(members));
        return version();
    }

    @CommandHandler
    TenantVersion handle(RemoveMember command) {
        requireMembershipChangeAllowed(command.caller());
        Role current = requireMember(command.userId());
        requireMayTouchOwnership(command.caller(), members, current);
        requireOwnerRemains(members, current);
        long seatsBefore = adminSeats(members);
        apply(new MemberRemoved(tenantId, command.userId(), current, command.caller().userId()));
        signal(Metric.ADMINS, seatsBefore, limits.of(Metric.ADMINS), adminSeats(members));
        return version();
    }

    @CommandHandler
    UsageReceipt handle(TrackUsage command, IdempotencyKeys idempotencyKeys) {
        require(command.caller(), members, Permission.TRACK_USAGE);
        requireNotArchived();
        UsageLimits.requireReportable(command.items());
        if (command.idempotency() != null) {
            var earlier = idempotencyKeys.claim(tenantId, command.idempotency());
            if (earlier.isPresent()) {
                return earlier.get().asReplay();
            }
        }
        var decision = UsageLimits.decide(this::usedOf, limits, status == TenantStatus.SUSPENDED, command.items());
        if (command.single() && decision.firstRefused() != null) {
            throw UsageLimits.rejectionOf(decision.firstRefused());
        }
        if (!decision.changes().isEmpty()) {
            apply(new UsageTracked(tenantId, decision.changes(), command.caller().userId()));
            for (UsageChange change : decision.changes()) {
                signal(change.metric(), change.used() - change.delta(), limits.of(change.metric()), change.used());
            }
        }
        UsageReceipt receipt = new UsageReceipt(decision.outcomes(), getVersion(), false);
        if (command.idempotency() != null) {
            idempotencyKeys.complete(tenantId, command.idempotency(), receipt);
        }
        return receipt;
    }

    private void addMember(String userId, String email, Role role, String addedBy) {
        long seatsBefore = adminSeats(members);
        apply(new MemberAdded(tenantId, userId, email, role, addedBy));
        signal(Metric.ADMINS, seatsBefore, limits.of(Metric.ADMINS), adminSeats(members));
    }

    /** Applies the threshold and over-limit events of a gauge that moved (limits may have moved too). */
    private void signal(Metric metric, long usedBefore, long limitBefore, long usedAfter) {
        UsageSignals.of(tenantId, metric, usedBefore, limitBefore, usedAfter, limits.of(metric))
                .forEach(event -> apply(event));
    }

    private void requireMembershipChangeAllowed(Caller caller) {
        require(caller, members, Permission.MANAGE_MEMBERS);
        requireNotArchived();
        if (status == TenantStatus.SUSPENDED) {
            throw Rejections.of(RejectionKind.TENANT_SUSPENDED, "The tenant is suspended: membership changes are refused.");
        }
    }

    private Role requireMember(String userId) {
        Role role = members.get(userId);
        if (role == null) {
            throw Rejections.of(RejectionKind.MEMBER_NOT_FOUND, "No member with that user id.");
        }
        return role;
    }

    private void requireSeatFor(Role from, Role to) {
        boolean takesSeat = to.occupiesAdminSeat() && (from == null || !from.occupiesAdminSeat());
        long seats = adminSeats(members);
        if (takesSeat && !UsageLimits.allows(seats, limits.of(Metric.ADMINS), 1)) {
            throw UsageLimits.limitExceeded(Metric.ADMINS, seats, limits.of(Metric.ADMINS), 1);
        }
    }

    private void requireNotArchived() {
        if (status == TenantStatus.ARCHIVED) {
            throw Rejections.of(RejectionKind.TENANT_ARCHIVED, "The tenant is archived and accepts no changes.");
        }
    }

    private long usedOf(Metric metric) {
        return metric == Metric.ADMINS ? adminSeats(members) : used.getOrDefault(metric, 0L);
    }

    private TenantVersion version() {
        return new TenantVersion(getVersion());
    }

    @EventSourcingHandler
    void on(TenantCreated event) {
        tenantId = event.tenantId();
        name = event.name();
        slug = event.slug();
        plan = event.plan();
        limits = event.limits();
        status = TenantStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(TenantProfileUpdated event) {
        name = event.name();
        slug = event.slug();
    }

    @EventSourcingHandler
    void on(TenantSuspended event) {
        status = TenantStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void on(TenantReactivated event) {
        status = TenantStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(TenantArchived event) {
        status = TenantStatus.ARCHIVED;
    }

    @EventSourcingHandler
    void on(PlanChanged event) {
        plan = event.plan();
        limits = event.limits();
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(MemberRoleChanged event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.userId());
    }

    @EventSourcingHandler
    void on(UsageTracked event) {
        for (UsageChange change : event.changes()) {
            used.put(change.metric(), change.used());
        }
    }
}
