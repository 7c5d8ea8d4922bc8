package com.hackops.command.personaldata;

import com.hackops.command.tenant.TenantVersion;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Erasure of a member's personal data (crypto-shredding). */
@RestController
@Tag(name = "members")
class PersonalDataController {

    private final CommandGateway commands;

    PersonalDataController(CommandGateway commands) {
        this.commands = commands;
    }

    record ErasureAnswer(TenantId tenantId, String userId, long version) {
    }

    @DeleteMapping("/api/v1/tenants/{tenantId}/members/{userId}/personal-data")
    @Operation(summary = "Erase a present or past member's e-mail and display name (OWNER, ADMIN, the person "
            + "themselves): their key is deleted, the data can no longer be read anywhere; erasing again changes nothing")
    ErasureAnswer erase(@PathVariable TenantId tenantId, @PathVariable String userId, Caller caller) {
        var result = commands.sendAndWait(new ErasePersonalData(tenantId, userId, caller));
        return new ErasureAnswer(tenantId, userId, ((TenantVersion) result).version());
    }
}
