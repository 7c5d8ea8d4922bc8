package com.hackops.query.api;

import com.hackops.platform.security.Caller;
import com.hackops.query.audit.AuditJobs;
import com.hackops.query.audit.Rebuilds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.UUID;

/** Platform-wide audits and read-model rebuilds, for platform admins; each runs in the background with progress. */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "platform admin")
class AuditController {

    private final AuditJobs audits;
    private final Rebuilds rebuilds;

    AuditController(AuditJobs audits, Rebuilds rebuilds) {
        this.audits = audits;
        this.rebuilds = rebuilds;
    }

    @PostMapping("/audits")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Start reconciling every tenant; poll the job for progress and the summary")
    AuditJobs.Job startAudit(Caller caller) {
        AdminController.requireAdmin(caller);
        return audits.start(caller.userId());
    }

    @GetMapping("/audits/{jobId}")
    @Operation(summary = "Progress and findings of a platform audit")
    AuditJobs.Job audit(@PathVariable UUID jobId, Caller caller) {
        AdminController.requireAdmin(caller);
        return audits.find(jobId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such audit."));
    }

    @PostMapping("/rebuilds")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rebuild the read models from the event store beside the live ones, then switch (zero downtime);"
            + " the running one's job when it runs on this node, 409 when on another")
    Rebuilds.Job startRebuild(Caller caller) {
        AdminController.requireAdmin(caller);
        return rebuilds.start(caller.userId());
    }

    @GetMapping("/rebuilds/{jobId}")
    @Operation(summary = "Progress of a rebuild: events done / total, rate, ETA")
    Rebuilds.Job rebuild(@PathVariable UUID jobId, Caller caller) {
        AdminController.requireAdmin(caller);
        return rebuilds.find(jobId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such rebuild."));
    }
}
