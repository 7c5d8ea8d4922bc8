package com.hackops.command.tenant;

import com.hackops.command.security.Caller;
import com.hackops.events.types.Plan;
import com.hackops.events.types.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import static com.hackops.command.rejection.RejectionKind.INVALID_COMMAND;
import static com.hackops.command.rejection.Rejections.of;

/** Tenant lifecycle and plan: every answer carries the tenant's version for read-your-writes. */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenants")
class TenantController {

    static final String SLUG = "^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$";

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

    record ChangePlanRequest(@NotNull Plan plan, Boolean allowOverLimit) {
    }

    record TenantAnswer(TenantId tenantId, long version) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant; the caller becomes its OWNER. The plan defaults to FREE.")
    TenantAnswer create(@Valid @RequestBody CreateTenantRequest request, Caller caller) {
        TenantId tenantId = TenantId.random();
        Plan plan = request.plan() == null ? Plan.FREE : request.plan();
        return answer(tenantId, commands.sendAndWait(
                new CreateTenant(tenantId, request.name().strip(), request.slug(), plan, caller)));
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
    @Operation(summary = "Change plan (OWNER). A downgrade below usage is refused unless allowOverLimit is true.")
    TenantAnswer changePlan(@PathVariable TenantId tenantId, @Valid @RequestBody ChangePlanRequest request,
                            Caller caller) {
        boolean force = Boolean.TRUE.equals(request.allowOverLimit());
        return answer(tenantId, commands.sendAndWait(new ChangePlan(tenantId, request.plan(), force, caller)));
    }

    private static TenantAnswer answer(TenantId tenantId, Object result) {
        return new TenantAnswer(tenantId, ((TenantVersion) result).version());
    }
}
