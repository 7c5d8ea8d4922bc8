package com.hackops.command.imports;

import com.hackops.command.adminaccess.PlatformAdminAccessInterceptor;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Objects;

/**
 * Adoption of tenants from another system's export, for platform admins ({@code infra/import}). The answer is the
 * report of every row, as JSON or, for {@code Accept: text/plain}, as lines for a terminal.
 */
@RestController
@RequestMapping("/api/v1/admin/imports")
@Tag(name = "platform admin")
class ImportController {

    private final TenantImporter importer;

    ImportController(TenantImporter importer) {
        this.importer = importer;
    }

    @PostMapping
    @Operation(summary = "Import tenants from an export (platform admins): each valid row not imported before becomes a "
            + "tenant with its original creation date, members and usage; invalid rows are reported with reasons and "
            + "skipped. dryRun=true reports what would happen and creates nothing.")
    ResponseEntity<?> importTenants(@Valid @RequestBody ImportFile file,
                                    @RequestParam(defaultValue = "false") boolean dryRun,
                                    @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                    Caller caller, HttpServletRequest request) {
        if (!caller.platformAdmin()) {
            throw Rejections.of(RejectionKind.FORBIDDEN, "Only platform administrators import tenants.");
        }
        ImportReport report = importer.run(file, dryRun, caller);
        // the platform-admin access record names each tenant this import created or found already imported
        PlatformAdminAccessInterceptor.concerns(request,
                report.results().stream().map(ImportReport.Row::tenantId).filter(Objects::nonNull).toList());
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE) && !accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(report.text());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
}
