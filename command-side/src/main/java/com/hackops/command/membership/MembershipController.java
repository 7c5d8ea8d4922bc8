package com.hackops.command.membership;

import com.hackops.command.tenant.TenantVersion;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Members and roles of a tenant (OWNER, ADMIN; only an OWNER touches the OWNER role). */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/members")
@Tag(name = "members")
class MembershipController {

    private final CommandGateway commands;

    MembershipController(CommandGateway commands) {
        this.commands = commands;
    }

    /** User ids and names end up in text columns, where PostgreSQL refuses NUL: control characters are refused here. */
    record AddMemberRequest(@NotBlank @Size(max = 255) @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE) String userId,
                            @Email @Size(max = 320) String email,
                            @Size(max = 200) @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE) String displayName,
                            @NotNull Role role) {
    }

    private static final String NO_CONTROLS = "[^\\p{Cntrl}]*";
    private static final String NO_CONTROLS_MESSAGE = "must not contain control characters";

    record ChangeRoleRequest(@NotNull Role role) {
    }

    record MemberAnswer(TenantId tenantId, String userId, long version) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a member; OWNER and ADMIN take an admin seat of the plan. The e-mail and display name "
            + "are stored sealed with the person's key (see the erasure of personal data).")
    MemberAnswer add(@PathVariable TenantId tenantId, @Valid @RequestBody AddMemberRequest request, Caller caller) {
        var result = commands.sendAndWait(new AddMember(tenantId, request.userId(), request.email(),
                request.displayName(), request.role(), caller));
        return new MemberAnswer(tenantId, request.userId(), ((TenantVersion) result).version());
    }

    @PutMapping("/{userId}")
    @Operation(summary = "Change a member's role; the last OWNER cannot be demoted")
    MemberAnswer changeRole(@PathVariable TenantId tenantId, @PathVariable String userId,
                            @Valid @RequestBody ChangeRoleRequest request, Caller caller) {
        var result = commands.sendAndWait(new ChangeMemberRole(tenantId, userId, request.role(), caller));
        return new MemberAnswer(tenantId, userId, ((TenantVersion) result).version());
    }

    @DeleteMapping("/{userId}")
    @Operation(summary = "Remove a member; the last OWNER cannot be removed")
    MemberAnswer remove(@PathVariable TenantId tenantId, @PathVariable String userId, Caller caller) {
        var result = commands.sendAndWait(new RemoveMember(tenantId, userId, caller));
        return new MemberAnswer(tenantId, userId, ((TenantVersion) result).version());
    }
}
