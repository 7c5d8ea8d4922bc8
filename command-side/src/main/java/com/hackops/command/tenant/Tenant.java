package com.hackops.command.tenant;

import com.hackops.command.imports.ImportRules;
import com.hackops.command.imports.ImportTenant;
import com.hackops.command.imports.ImportedTenants;
import com.hackops.command.apikeys.ApiKeyStore;
import com.hackops.command.apikeys.IssueApiKey;
import com.hackops.command.apikeys.RevokeApiKey;
import com.hackops.command.membership.AddMember;
import com.hackops.command.membership.ChangeMemberRole;
import com.hackops.command.membership.RemoveMember;
import com.hackops.command.personaldata.ErasePersonalData;
import com.hackops.command.personaldata.PersonKeys;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.command.security.Permission;
import com.hackops.command.usage.IdempotencyKeys;
import com.hackops.command.usage.TrackUsage;
import com.hackops.command.usage.UsageLimits;
import com.hackops.command.usage.UsageItem;
import com.hackops.command.usage.UsageReceipt;
import com.hackops.command.usage.UsageSignals;
import com.hackops.events.apikey.ApiKeyIssued;
import com.hackops.events.apikey.ApiKeyRevoked;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.membership.PersonalDataErased;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.LimitsOverrideRemoved;
import com.hackops.events.tenant.LimitsOverridden;
import com.hackops.events.tenant.PlanChangeScheduled;
import com.hackops.events.tenant.ScheduledPlanChangeCancelled;
import com.hackops.events.tenant.ScheduledPlanChangeFailed;
import com.hackops.events.tenant.TrialEnded;
import com.hackops.events.tenant.TrialStarted;
import com.hackops.events.types.Feature;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantImported;
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
import com.hackops.platform.security.Caller;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

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
@Aggregate(snapshotTriggerDefinition = "tenantSnapshotTrigger", cache = "tenantCache", commandTargetResolver = "commandTargetResolver")
class Tenant {

    /** Active API keys a tenant may hold at once: enough for every service of a customer, few enough to review. */
    static final int MAX_ACTIVE_API_KEYS = 50;

    @AggregateIdentifier
    private TenantId tenantId;
    private String name;
    private String slug;
    private TenantStatus status;
    private Plan plan;
    /** what the plan grants; the effective limits overlay the negotiated ones ({@link #effectiveLimits()}) */
    private Limits limits;
    private Map<Metric, Long> overrideLimits = new EnumMap<>(Metric.class);
    private Map<Feature, Boolean> overrideFeatures = new EnumMap<>(Feature.class);
    private PendingPlanChange pending;
    private Trial trial;
    private Map<String, Role> members = new HashMap<>();
    /**
     * Every person ever added, present or past: whether what was sealed for them may still be readable (true) or was
     * erased (false). User ids only: e-mails and display names never enter the aggregate (nor its snapshots).
     */
    private Map<String, Boolean> people = new HashMap<>();
    /** API keys ever issued: active (true) or revoked (false). */
    private Map<UUID, Boolean> apiKeys = new HashMap<>();
    private Map<Metric, Long> used = new EnumMap<>(Metric.class);

    Tenant() {
        // for Axon: rebuilt from events or a snapshot
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    TenantVersion handle(CreateTenant command, SlugRegistry slugs, PersonKeys keys) {
        PlanCatalogue.Grant grant = PlanCatalogue.grantOf(command.plan());
        Caller caller = command.caller();
        apply(new TenantCreated(command.tenantId(), command.name(), command.slug(), command.plan(),
                grant.limits(), grant.features(), caller.userId()));
        addMember(caller.userId(), new PersonalData(caller.email(), command.ownerDisplayName()), Role.OWNER,
                caller.userId(), keys);
        slugs.claim(command.slug(), command.tenantId());
        return version();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    TenantVersion handle(ImportTenant command, SlugRegistry slugs, ImportedTenants imports, PersonKeys keys) {
        ImportRules.require(command, GenericEventMessage.clock.instant());
        PlanCatalogue.Grant grant = PlanCatalogue.grantOf(command.plan());
        String by = command.caller().userId();
        apply(new TenantImported(command.tenantId(), command.name(), command.slug(), command.plan(), grant.limits(),
                grant.features(), command.createdAt(), command.source(), command.externalId(), by));
        command.members().forEach(member -> addMember(member.userId(),
                new PersonalData(member.email(), member.displayName()), member.role(), by, keys));
        trackImportedUsage(command.usage(), by);
        slugs.claim(command.slug(), command.tenantId());
        imports.record(command.source(), command.externalId(), command.tenantId());
        return version();
    }

    /** An imported tenant's usage (within its limits: ImportRules) as one UsageTracked, with the usual signals. */
    private void trackImportedUsage(List<UsageItem> items, String by) {
        Limits effective = effectiveLimits();
        var decision = UsageLimits.decide(this::usedOf, effective, false, items);
        if (!decision.changes().isEmpty()) {
            apply(new UsageTracked(tenantId, decision.changes(), by));
            decision.changes().forEach(change -> signal(change.metric(), change.used() - change.delta(),
                    effective.of(change.metric()), change.used()));
        }
    }

    @CommandHandler
    TenantVersion handle(UpdateTenantProfile command, SlugRegistry slugs) {
        require(command.caller(), tenantId, members, Permission.UPDATE_PROFILE);
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
        require(command.caller(), tenantId, members, Permission.SUSPEND);
        requireNotArchived();
        if (status == TenantStatus.ACTIVE) {
            apply(new TenantSuspended(tenantId, command.caller().userId()));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(ReactivateTenant command) {
        require(command.caller(), tenantId, members, Permission.REACTIVATE);
        requireNotArchived();
        if (status == TenantStatus.SUSPENDED) {
            apply(new TenantReactivated(tenantId, command.caller().userId()));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(ArchiveTenant command) {
        require(command.caller(), tenantId, members, Permission.ARCHIVE);
        if (status != TenantStatus.ARCHIVED) {
            apply(new TenantArchived(tenantId, command.caller().userId()));
        }
        return version();
    }

    @CommandHandler
    TenantVersion handle(ChangePlan command) {
        require(command.caller(), tenantId, members, Permission.CHANGE_PLAN);
        requireNotArchived();
        if (command.plan() == plan && trial == null) {
            return version();
        }
        Map<Metric, long[]> exceeded = exceededUnder(PlanCatalogue.grantOf(command.plan()).limits(), overrideLimits);
        if (!exceeded.isEmpty() && !command.allowOverLimit()) {
            throw PlanDowngradeBlocked.of(command.plan(), exceeded);
        }
        if (trial != null) {
            apply(new TrialEnded(tenantId, trial.plan(), trial.returnPlan(), false));
        }
        changePlanTo(command.plan(), exceeded, command.caller().userId());
        return version();
    }

    @CommandHandler
    TenantVersion handle(SchedulePlanChange command, DeadlineManager deadlines) {
        require(command.caller(), tenantId, members, Permission.CHANGE_PLAN);
        requireNotArchived();
        if (pending != null) {
            apply(new ScheduledPlanChangeCancelled(tenantId, pending.scheduleId(), command.caller().userId()));
        }
        String scheduleId = UUID.randomUUID().toString();
        apply(new PlanChangeScheduled(tenantId, scheduleId, command.plan(), command.allowOverLimit(), command.effectiveAt(),
                command.caller().userId()));
        deadlines.schedule(command.effectiveAt(), Deadlines.SCHEDULED_PLAN_CHANGE, new Deadlines.ScheduledPlanChangeDue(scheduleId));
        return version();
    }

    @CommandHandler
    TenantVersion handle(CancelScheduledPlanChange command) {
        require(command.caller(), tenantId, members, Permission.CHANGE_PLAN);
        requireNotArchived();
        if (pending != null) {
            apply(new ScheduledPlanChangeCancelled(tenantId, pending.scheduleId(), command.caller().userId()));
        }
        return version();
    }

    @DeadlineHandler(deadlineName = Deadlines.SCHEDULED_PLAN_CHANGE)
    void on(Deadlines.ScheduledPlanChangeDue due) {
        if (pending == null || !pending.scheduleId().equals(due.scheduleId()) || status == TenantStatus.ARCHIVED) {
            return;
        }
        Map<Metric, long[]> exceeded = exceededUnder(PlanCatalogue.grantOf(pending.plan()).limits(), overrideLimits);
        if (!exceeded.isEmpty() && !pending.allowOverLimit()) {
            apply(new ScheduledPlanChangeFailed(tenantId, pending.scheduleId(), pending.plan(), metricsOf(exceeded)));
        } else if (pending.plan() != plan) {
            changePlanTo(pending.plan(), exceeded, PlanRules.SCHEDULE + pending.scheduleId());
        } else {
            apply(new ScheduledPlanChangeCancelled(tenantId, pending.scheduleId(), PlanRules.SCHEDULE + "already on plan"));
        }
    }

    @CommandHandler
    TenantVersion handle(StartTrial command, DeadlineManager deadlines) {
        require(command.caller(), tenantId, members, Permission.CHANGE_PLAN);
        requireNotArchived();
        PlanRules.requireTrialAllowed(plan, trial != null, command.plan(), command.days());
        Instant endsAt = GenericEventMessage.clock.instant().plus(Duration.ofDays(command.days())).truncatedTo(ChronoUnit.SECONDS);
        apply(new TrialStarted(tenantId, command.plan(), plan, endsAt, command.caller().userId()));
        changePlanTo(command.plan(), Map.of(), command.caller().userId());
        deadlines.schedule(endsAt, Deadlines.TRIAL_EXPIRY, new Deadlines.TrialDue(endsAt));
        return version();
    }

    @DeadlineHandler(deadlineName = Deadlines.TRIAL_EXPIRY)
    void on(Deadlines.TrialDue due) {
        if (trial == null || !trial.endsAt().equals(due.endsAt()) || status == TenantStatus.ARCHIVED) {
            return;
        }
        Trial ended = trial;
        apply(new TrialEnded(tenantId, ended.plan(), ended.returnPlan(), true));
        // the trial is over whatever the usage: a return that does not fit puts those metrics over limit
        changePlanTo(ended.returnPlan(), exceededUnder(PlanCatalogue.grantOf(ended.returnPlan()).limits(), overrideLimits),
                PlanRules.TRIAL_EXPIRY);
    }

    @CommandHandler
    TenantVersion handle(OverrideLimits command) {
        require(command.caller(), tenantId, members, Permission.OVERRIDE_LIMITS);
        requireNotArchived();
        PlanRules.requireValidOverride(command.limits(), command.reason());
        if (command.limits().equals(overrideLimits) && command.features().equals(overrideFeatures)) {
            return version();
        }
        Map<Metric, long[]> exceeded = exceededUnder(limits, command.limits());
        if (!exceeded.isEmpty() && !command.allowOverLimit()) {
            throw PlanDowngradeBlocked.ofOverride(exceeded);
        }
        Limits before = effectiveLimits();
        apply(new LimitsOverridden(tenantId, Map.copyOf(command.limits()), Map.copyOf(command.features()),
                metricsOf(exceeded), command.reason(), command.caller().userId()));
        signalAll(before);
        return version();
    }

    @CommandHandler
    TenantVersion handle(RemoveOverride command) {
        require(command.caller(), tenantId, members, Permission.OVERRIDE_LIMITS);
        requireNotArchived();
        if (overrideLimits.isEmpty() && overrideFeatures.isEmpty()) {
            return version();
        }
        Map<Metric, long[]> exceeded = exceededUnder(limits, Map.of());
        if (!exceeded.isEmpty() && !command.allowOverLimit()) {
            throw PlanDowngradeBlocked.ofOverride(exceeded);
        }
        Limits before = effectiveLimits();
        apply(new LimitsOverrideRemoved(tenantId, metricsOf(exceeded), command.reason(), command.caller().userId()));
        signalAll(before);
        return version();
    }

    private void changePlanTo(Plan target, Map<Metric, long[]> exceeded, String changedBy) {
        PlanCatalogue.Grant grant = PlanCatalogue.grantOf(target);
        Limits before = effectiveLimits();
        apply(new PlanChanged(tenantId, plan, target, grant.limits(), grant.features(), metricsOf(exceeded), changedBy));
        signalAll(before);
    }

    private void signalAll(Limits before) {
        for (Metric metric : Metric.values()) {
            signal(metric, usedOf(metric), before.of(metric), usedOf(metric));
        }
    }

    /** Metrics whose usage the plan grant {@code granted} overlaid with {@code override} would not cover. */
    private Map<Metric, long[]> exceededUnder(Limits granted, Map<Metric, Long> override) {
        return UsageLimits.exceeded(this::usedOf, granted.overriddenBy(override));
    }

    private static Set<Metric> metricsOf(Map<Metric, long[]> exceeded) {
        return exceeded.isEmpty() ? Set.of() : EnumSet.copyOf(exceeded.keySet());
    }

    private Limits effectiveLimits() {
        return limits.overriddenBy(overrideLimits);
    }

    @CommandHandler
    TenantVersion handle(AddMember command, PersonKeys keys) {
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
        addMember(command.userId(), new PersonalData(command.email(), command.displayName()), command.role(),
                command.caller().userId(), keys);
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
        signal(Metric.ADMINS, seatsBefore, effectiveLimits().of(Metric.ADMINS), adminSeats(members));
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
        signal(Metric.ADMINS, seatsBefore, effectiveLimits().of(Metric.ADMINS), adminSeats(members));
        return version();
    }

    /**
     * Crypto-shredding: records the erasure and deletes the person's key in the same transaction. A legal duty, so it
     * works on suspended and archived tenants too, for present and past members; erasing again changes nothing.
     */
    @CommandHandler
    TenantVersion handle(ErasePersonalData command, PersonKeys keys) {
        if (!erasesOwnData(command)) {
            require(command.caller(), tenantId, members, Permission.ERASE_PERSONAL_DATA);
        }
        if (!knows(command.userId())) {
            throw Rejections.of(RejectionKind.MEMBER_NOT_FOUND, "No member, present or past, with that user id.");
        }
        if (!Boolean.FALSE.equals(people.get(command.userId()))) {
            apply(new PersonalDataErased(tenantId, command.userId(), command.caller().userId()));
            keys.erase(tenantId, command.userId());
        }
        return version();
    }

    /** A person (not a machine) may always erase their own data in a tenant they belong or belonged to. */
    private boolean erasesOwnData(ErasePersonalData command) {
        Caller caller = command.caller();
        return caller.apiKey() == null && caller.userId().equals(command.userId()) && knows(command.userId());
    }

    /** Present members count even when a snapshot from before {@link #people} existed lacks them there. */
    private boolean knows(String userId) {
        return members.containsKey(userId) || people.containsKey(userId);
    }

    @CommandHandler
    TenantVersion handle(IssueApiKey command, ApiKeyStore keys) {
        require(command.caller(), tenantId, members, Permission.MANAGE_API_KEYS);
        requireNotArchived();
        if (apiKeys.containsKey(command.keyId())) {
            return version(); // the same command again (its key id was drawn once)
        }
        long active = apiKeys.values().stream().filter(Boolean::booleanValue).count();
        if (active >= MAX_ACTIVE_API_KEYS) {
            throw Rejections.of(RejectionKind.TOO_MANY_API_KEYS,
                    "The tenant has %d active API keys, the most it may hold; revoke one first.".formatted(active),
                    Map.of("limit", MAX_ACTIVE_API_KEYS));
        }
        apply(new ApiKeyIssued(tenantId, command.keyId(), command.name(), command.scopes(), command.shown(),
                command.caller().userId()));
        keys.store(tenantId, command.keyId(), command.name(), command.scopes(), command.secretHash(), command.shown(),
                command.caller().userId());
        return version();
    }

    @CommandHandler
    TenantVersion handle(RevokeApiKey command, ApiKeyStore keys) {
        require(command.caller(), tenantId, members, Permission.MANAGE_API_KEYS);
        Boolean active = apiKeys.get(command.keyId());
        if (active == null) {
            throw Rejections.of(RejectionKind.API_KEY_NOT_FOUND, "No API key with that id in this tenant.");
        }
        if (active) {
            apply(new ApiKeyRevoked(tenantId, command.keyId(), command.caller().userId()));
            keys.revoke(tenantId, command.keyId(), command.caller().userId());
        }
        return version();
    }

    @CommandHandler
    UsageReceipt handle(TrackUsage command, IdempotencyKeys idempotencyKeys) {
        require(command.caller(), tenantId, members, Permission.TRACK_USAGE);
        requireNotArchived();
        UsageLimits.requireReportable(command.items());
        if (command.idempotency() != null) {
            var earlier = idempotencyKeys.claim(tenantId, command.idempotency());
            if (earlier.isPresent()) {
                return earlier.get().asReplay();
            }
        }
        Limits effective = effectiveLimits();
        var decision = UsageLimits.decide(this::usedOf, effective, status == TenantStatus.SUSPENDED, command.items());
        if (command.single() && decision.firstRefused() != null) {
            if (command.idempotency() != null) {
                idempotencyKeys.release(tenantId, command.idempotency());
            }
            throw UsageLimits.rejectionOf(decision.firstRefused());
        }
        if (!decision.changes().isEmpty()) {
            apply(new UsageTracked(tenantId, decision.changes(), command.caller().userId()));
            for (UsageChange change : decision.changes()) {
                signal(change.metric(), change.used() - change.delta(), effective.of(change.metric()), change.used());
            }
        }
        UsageReceipt receipt = new UsageReceipt(decision.outcomes(), getVersion(), false);
        if (command.idempotency() != null) {
            idempotencyKeys.complete(tenantId, command.idempotency(), receipt);
        }
        return receipt;
    }

    /** Adds a member; their personal data goes into the event sealed with their key, never in plain text. */
    private void addMember(String userId, PersonalData data, Role role, String addedBy, PersonKeys keys) {
        long seatsBefore = adminSeats(members);
        apply(new MemberAdded(tenantId, userId, keys.seal(tenantId, userId, data), role, addedBy));
        signal(Metric.ADMINS, seatsBefore, effectiveLimits().of(Metric.ADMINS), adminSeats(members));
    }

    /** Applies the threshold and over-limit events of a gauge that moved (limits may have moved too). */
    private void signal(Metric metric, long usedBefore, long limitBefore, long usedAfter) {
        UsageSignals.of(tenantId, metric, usedBefore, limitBefore, usedAfter, effectiveLimits().of(metric))
                .forEach(event -> apply(event));
    }

    private void requireMembershipChangeAllowed(Caller caller) {
        require(caller, tenantId, members, Permission.MANAGE_MEMBERS);
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
        long limit = effectiveLimits().of(Metric.ADMINS);
        if (takesSeat && !UsageLimits.allows(seats, limit, 1)) {
            throw UsageLimits.limitExceeded(Metric.ADMINS, seats, limit, 1);
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
    void on(TenantImported event) {
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
        if (pending != null && event.changedBy().equals(PlanRules.SCHEDULE + pending.scheduleId())) {
            pending = null;
        }
    }

    @EventSourcingHandler
    void on(LimitsOverridden event) {
        overrideLimits = new EnumMap<>(Metric.class);
        overrideLimits.putAll(event.limits());
        overrideFeatures = new EnumMap<>(Feature.class);
        overrideFeatures.putAll(event.features());
    }

    @EventSourcingHandler
    void on(LimitsOverrideRemoved event) {
        overrideLimits = new EnumMap<>(Metric.class);
        overrideFeatures = new EnumMap<>(Feature.class);
    }

    @EventSourcingHandler
    void on(PlanChangeScheduled event) {
        pending = new PendingPlanChange(event.scheduleId(), event.plan(), event.allowOverLimit());
    }

    @EventSourcingHandler
    void on(ScheduledPlanChangeCancelled event) {
        pending = null;
    }

    @EventSourcingHandler
    void on(ScheduledPlanChangeFailed event) {
        pending = null;
    }

    @EventSourcingHandler
    void on(TrialStarted event) {
        trial = new Trial(event.trialPlan(), event.returnPlan(), event.endsAt());
    }

    @EventSourcingHandler
    void on(TrialEnded event) {
        trial = null;
    }

    /** A plan change waiting for its instant. */
    record PendingPlanChange(String scheduleId, Plan plan, boolean allowOverLimit) {
    }

    /** A running trial: the plan tried, the plan to return to, when it ends. */
    record Trial(Plan plan, Plan returnPlan, Instant endsAt) {
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        members.put(event.userId(), event.role());
        people.put(event.userId(), true);
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        people.put(event.userId(), false);
    }

    @EventSourcingHandler
    void on(MemberRoleChanged event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        apiKeys.put(event.keyId(), true);
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        apiKeys.put(event.keyId(), false);
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
