package com.hackops.command.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.faults.CrashPoints;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.command.web.HandCheckFirst;
import com.hackops.command.web.HandChecked;
import com.hackops.events.types.Metric;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.Validator;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Usage reports from the services that meter a tenant. Both endpoints accept an {@code Idempotency-Key}: the
 * same key with the same body answers the original response without recording anything again.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/usage")
@Tag(name = "usage")
class UsageController {

    static final long MAX_DELTA = 1_000_000_000_000_000L;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String REPLAYED = "Idempotent-Replayed";

    private final CommandGateway commands;
    private final ObjectMapper json;
    private final Clock clock;
    private final CrashPoints crashPoints;

    UsageController(CommandGateway commands, ObjectMapper json, CrashPoints crashPoints) {
        this.commands = commands;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.crashPoints = crashPoints;
    }

    /** Its annotations are the rules; {@link #meetsItsConstraints()} says the same by hand (UsageRequestCheckTest). */
    record UsageRequest(@NotNull Metric metric,
                        @NotNull @Min(-MAX_DELTA) @Max(MAX_DELTA) Long delta,
                        Instant occurredAt) implements HandChecked {

        @Override
        public boolean meetsItsConstraints() {
            return metric != null && delta != null && delta >= -MAX_DELTA && delta <= MAX_DELTA;
        }
    }

    record BatchUsageRequest(@NotNull @Size(min = 1, max = UsageTracked.MAX_CHANGES) List<@NotNull @Valid UsageRequest> items)
            implements HandChecked {

        @Override
        public boolean meetsItsConstraints() {
            if (items == null || items.isEmpty() || items.size() > UsageTracked.MAX_CHANGES) {
                return false;
            }
            for (UsageRequest item : items) {
                if (item == null || !item.meetsItsConstraints()) {
                    return false;
                }
            }
            return true;
        }
    }

    record UsageAnswer(Metric metric, long used, long limit, long version) {
    }

    record BatchUsageAnswer(List<ItemOutcome> items, int accepted, int refused, long version) {
    }

    /**
     * Bean Validation walked a batch's 1,000 items reflectively (12-18 % of the request threads under S3): the
     * bodies check themselves first, and Bean Validation runs (and words the errors) only for a body that fails.
     */
    @InitBinder({"usageRequest", "batchUsageRequest"})
    void checkByHandFirst(WebDataBinder binder) {
        binder.replaceValidators(binder.getValidators().stream().map(HandCheckFirst::new).toArray(Validator[]::new));
    }

    @PostMapping
    @Operation(summary = "Report one usage delta (OWNER, ADMIN, MEMBER); 409 when it would exceed the limit")
    ResponseEntity<UsageAnswer> track(@PathVariable TenantId tenantId, @Valid @RequestBody UsageRequest request,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                      Caller caller) {
        UsageReceipt receipt = send(tenantId, List.of(request), true, key, request, caller);
        ItemOutcome outcome = receipt.items().get(0);
        return ResponseEntity.ok().header(REPLAYED, String.valueOf(receipt.replayed()))
                .body(new UsageAnswer(outcome.metric(), outcome.used(), outcome.limit(), receipt.version()));
    }

    @PostMapping("/batch")
    @Operation(summary = "Report many deltas; each is decided in order, the accepted ones are recorded together")
    ResponseEntity<BatchUsageAnswer> trackBatch(@PathVariable TenantId tenantId,
                                                @Valid @RequestBody BatchUsageRequest request,
                                                @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                Caller caller) {
        UsageReceipt receipt = send(tenantId, request.items(), false, key, request, caller);
        int accepted = (int) receipt.items().stream().filter(ItemOutcome::accepted).count();
        return ResponseEntity.ok().header(REPLAYED, String.valueOf(receipt.replayed()))
                .body(new BatchUsageAnswer(receipt.items(), accepted, receipt.items().size() - accepted,
                        receipt.version()));
    }

    private UsageReceipt send(TenantId tenantId, List<UsageRequest> requests, boolean single, String key, Object body,
                              Caller caller) {
        Instant now = clock.instant();
        List<UsageItem> items = requests.stream().map(request -> item(request, now)).toList();
        IdempotencyKey idempotency = key == null ? null : new IdempotencyKey(validKey(key), hash(single, body));
        // the command bus runs the command in its own transaction: when sendAndWait returns, it has committed
        UsageReceipt receipt = commands.sendAndWait(new TrackUsage(tenantId, items, single, idempotency, caller));
        if (idempotency != null && !receipt.replayed()) {
            crashPoints.reach(CrashPoints.Point.AFTER_COMMIT_BEFORE_ANSWER,
                    () -> "tenant %s, Idempotency-Key %s, version %d committed, not answered"
                            .formatted(tenantId.value(), idempotency.key(), receipt.version()));
        }
        return receipt;
    }

    private UsageItem item(UsageRequest request, Instant now) {
        if (request.occurredAt() != null && request.occurredAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "occurredAt lies in the future.");
        }
        // no metering reaches back before 1970; a year such as 0 or -1 is a client's bug, and calendars part there
        if (request.occurredAt() != null && request.occurredAt().isBefore(Instant.EPOCH)) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND, "occurredAt lies before 1970-01-01T00:00:00Z.");
        }
        return new UsageItem(request.metric(), request.delta(), UsageLimits.occurredAt(request.occurredAt(), now));
    }

    private static String validKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw Rejections.of(RejectionKind.INVALID_COMMAND,
                    "Idempotency-Key must be 1-255 visible ASCII characters.");
        }
        return key;
    }

    /** SHA-256 of the endpoint and the body as the client sent it (re-serialized, so whitespace does not count). */
    private String hash(boolean single, Object body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((single ? "single:" : "batch:").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(json.writeValueAsBytes(body)));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
