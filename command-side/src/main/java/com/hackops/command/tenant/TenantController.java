package com.hackops.command.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import com.hackops.platform.web.NoNulText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Map;

import static com.hackops.command.rejection.RejectionKind.INVALID_COMMAND;
import static com.hackops.command.rejection.Rejections.of;

/** Tenant lifecycle and plan: every answer carries the tenant's version for read-your-writes. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenants")
class TenantController {

    /** How far ahead a plan change may be scheduled: contracts run for years, not centuries. */
    static final java.time.Duration MAX_SCHEDULE_AHEAD = java.time.Duration.ofDays(5 * 366);
    static final String SLUG = "^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$";
    /** A display name's length, as for members added through the API. */
    static final int MAX_DISPLAY_NAME = 200;

    private final CommandGateway commands;

    TenantController(CommandGateway commands) {
        this.commands = commands;
    }

    record CreateTenantRequest(@NotBlank @Size(max = 120) String name,
                               @NotNull @Pattern(regexp = SLUG, message = "3-63 of a-z, 0-9 and inner '-'") String slug,
                               Plan plan) {
    }

    record UpdateTenantRequest(@Size(min = 1, max = 120) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
                               @Pattern(regexp = SLUG, message = "3-63 of a-z, 0-9 and inner '-'") String slug) {
    }

    record ChangePlanRequest(@NotNull Plan plan, Boolean allowOverLimit, Instant effectiveAt) {
    }

    record TrialRequest(@NotNull Plan plan, @NotNull @Min(1) @Max(PlanRules.MAX_TRIAL_DAYS) Integer days) {
    }

    record OverrideRequest(@NotNull Map<@NotNull Metric, @NotNull @Min(0) @Max(1_000_000_000_000_000L) Long> limits,
                           Map<@NotNull Feature, @NotNull Boolean> features,
                           @NotBlank @Size(max = 500) String reason, Boolean allowOverLimit) {
    }

    record TenantAnswer(TenantId tenantId, long version) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant; the caller becomes its OWNER. The plan defaults to FREE.")
    TenantAnswer create(@Valid @RequestBody CreateTenantRequest request, Caller caller,
                        @AuthenticationPrincipal(errorOnInvalidType = false) Jwt token) {
        TenantId tenantId = TenantId.random();
        Plan plan = request.plan() == null ? Plan.FREE : request.plan();
        return answer(tenantId, commands.sendAndWait(
                new CreateTenant(tenantId, request.name().strip(), request.slug(), plan, displayNameOf(token), caller)));
    }

    /** The token's optional {@code name} claim, the owner's display name: stripped, at most 200 characters. */
    private static String displayNameOf(Jwt token) {
        String name = token == null ? null : token.getClaimAsString("name");
        if (name == null || name.isBlank()) {
            return null;
        }
        name = name.strip();
        if (name.length() <= MAX_DISPLAY_NAME) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(MAX_DISPLAY_NAME - 1)) ? MAX_DISPLAY_NAME - 1 : MAX_DISPLAY_NAME;
        return name.substring(0, end);
    }

    @PatchMapping("/{tenantId}")
    @Operation(summary = "Change the name and/or slug (OWNER, ADMIN)")
    TenantAnswer update(@PathVariable TenantId tenantId, @Valid @RequestBody UpdateTenantRequest request, Caller caller) {
        if (request.name() == null && request.slug() == null) {
            throw of(INVALID_COMMAND, "Give a name, a slug or both.");
        }
        String name = request.name() == null ? null : request.name().strip();
        return answer(tenantId, commands.sendAndWait(new UpdateTenantProfile(tenantId, name, request.slug(), caller)));
    }

    @PostMapping("/{tenantId}/suspend")
    @Operation(summary = "Suspend: usage increments and membership changes are refused (OWNER)")
    TenantAnswer suspend(@PathVariable TenantId tenantId, Caller caller) {
        return answer(tenantId, commands.sendAndWait(new SuspendTenant(tenantId, caller)));
    }

    @PostMapping("/{tenantId}/reactivate")
    @Operation(summary = "Lift a suspension (OWNER)")
    TenantAnswer reactivate(@PathVariable TenantId tenantId, Caller caller) {
        return answer(tenantId, commands.sendAndWait(new ReactivateTenant(tenantId, caller)));
    }

    @DeleteMapping("/{tenantId}")
    @Operation(summary = "Archive: the tenant refuses every further change (OWNER)")
    TenantAnswer archive(@PathVariable TenantId tenantId, Caller caller) {
        return answer(tenantId, commands.sendAndWait(new ArchiveTenant(tenantId, caller)));
    }

    @PostMapping("/{tenantId}/plan")
    @Operation(summary = "Change plan (OWNER), now or at effectiveAt (a future instant, e.g. the end of the period; the "
            + "downgrade rule applies then). A downgrade below usage is refused unless allowOverLimit is true.")
    TenantAnswer changePlan(@PathVariable TenantId tenantId, @Valid @RequestBody ChangePlanRequest request,
                            Caller caller) {
        boolean force = Boolean.TRUE.equals(request.allowOverLimit());
        if (request.effectiveAt() != null) {
            if (!request.effectiveAt().isAfter(Instant.now())) {
                throw of(INVALID_COMMAND, "effectiveAt must lie in the future; leave it out to change the plan now.");
            }
            if (request.effectiveAt().isAfter(Instant.now().plus(MAX_SCHEDULE_AHEAD))) {
                throw of(INVALID_COMMAND, "effectiveAt may lie at most 5 years ahead.");
            }
            return answer(tenantId, commands.sendAndWait(
                    new SchedulePlanChange(tenantId, request.plan(), force, request.effectiveAt(), caller)));
        }
        return answer(tenantId, commands.sendAndWait(new ChangePlan(tenantId, request.plan(), force, caller)));
    }

    @DeleteMapping("/{tenantId}/plan/scheduled")
    @Operation(summary = "Cancel the pending scheduled plan change (OWNER)")
    TenantAnswer cancelScheduledPlanChange(@PathVariable TenantId tenantId, Caller caller) {
        return answer(tenantId, commands.sendAndWait(new CancelScheduledPlanChange(tenantId, caller)));
    }

    @PostMapping("/{tenantId}/trial")
    @Operation(summary = "Try a higher paid plan for N days, then return to the current plan (OWNER)")
    TenantAnswer startTrial(@PathVariable TenantId tenantId, @Valid @RequestBody TrialRequest request, Caller caller) {
        return answer(tenantId, commands.sendAndWait(new StartTrial(tenantId, request.plan(), request.days(), caller)));
    }

    @PutMapping("/{tenantId}/overrides")
    @Operation(summary = "Negotiated limits and features for this tenant (platform admins); lowering a limit below "
            + "usage is refused unless allowOverLimit is true")
    TenantAnswer override(@PathVariable TenantId tenantId, @Valid @RequestBody OverrideRequest request, Caller caller) {
        Map<Feature, Boolean> features = request.features() == null ? Map.of() : request.features();
        if (request.limits().isEmpty() && features.isEmpty()) {
            throw of(INVALID_COMMAND, "Give at least one limit or feature.");
        }
        return answer(tenantId, commands.sendAndWait(new OverrideLimits(tenantId, request.limits(), features,
                request.reason().strip(), Boolean.TRUE.equals(request.allowOverLimit()), caller)));
    }

    @DeleteMapping("/{tenantId}/overrides")
    @Operation(summary = "Remove the override (platform admins); refused when usage exceeds the plan, unless allowOverLimit")
    TenantAnswer removeOverride(@PathVariable TenantId tenantId,
                                 @RequestParam @NotBlank @Size(max = 500)
                                 @Pattern(regexp = "[^\\x00]*", message = NoNulText.REFUSAL) String reason,
                                @RequestParam(defaultValue = "false") boolean allowOverLimit, Caller caller) {
        return answer(tenantId, commands.sendAndWait(new RemoveOverride(tenantId, reason.strip(), allowOverLimit, caller)));
    }

    private static TenantAnswer answer(TenantId tenantId, Object result) {
        return new TenantAnswer(tenantId, ((TenantVersion) result).version());
    }
}
