package com.hackops.query.api;

import com.hackops.platform.security.Caller;
import com.hackops.query.dashboard.LiveUsage;
import com.hackops.query.projection.usage.UsageReads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Live usage of one tenant as Server-Sent Events, for dashboards: event {@code usage} carries the same answer as
 * {@code GET /usage}, first at once and then whenever the tenant's read models advance. Same authorization as every
 * read (members and platform admins; others 404), checked again for each message. Browsers' EventSource cannot send
 * headers, so this endpoint alone also takes the token as {@code ?access_token=}.
 */
@RestController
@Tag(name = "tenant dashboards")
class TenantStreamController {

    private final TenantVisibility visibility;
    private final UsageReads usage;
    private final LiveUsage live;

    TenantStreamController(TenantVisibility visibility, UsageReads usage, LiveUsage live) {
        this.visibility = visibility;
        this.usage = usage;
        this.live = live;
    }

    @GetMapping(path = "/api/v1/tenants/{tenantId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: the tenant's usage now and after every change (event 'usage'); "
            + "heartbeat comments every 15 s")
    SseEmitter stream(@PathVariable UUID tenantId, Caller caller) {
        Supplier<TenantQueryController.UsageAnswer> read = () -> visibility.read(caller, tenantId, "live usage",
                () -> TenantQueryController.UsageAnswer.read(usage, tenantId));
        return live.open(tenantId, read.get(), read);
    }
}
