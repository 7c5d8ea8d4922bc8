package com.hackops.query.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.hackops.platform.security.Caller;
import com.hackops.platform.web.JsonErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A tenant's webhook endpoints and their delivery log (OWNER, ADMIN, platform admins). The secret that signs an
 * endpoint's deliveries is in the answer to its registration and nowhere else.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/webhooks")
@Tag(name = "webhooks")
class WebhookController {

    private static final int MAX_DESCRIPTION = 200;
    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED", "CANCELLED");

    private final WebhookAccess access;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookProperties properties;
    private final ObjectMapper strict;

    WebhookController(WebhookAccess access, WebhookEndpoints endpoints, WebhookDeliveries deliveries,
                      WebhookProperties properties, ObjectMapper json) {
        this.access = access;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.properties = properties;
        this.strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    record Registration(String url, List<String> events, String description) {
    }

    record Registered(UUID id, String url, List<String> events, String description, Instant createdAt, String secret) {
    }

    record EndpointsAnswer(UUID tenantId, List<WebhookEndpoints.EndpointView> endpoints) {
    }

    record DeliveriesAnswer(UUID tenantId, List<WebhookDeliveries.DeliveryView> deliveries) {
    }

    record Deleted(UUID id, boolean deleted) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register an endpoint for some of THRESHOLD_80, THRESHOLD_100, OVER_LIMIT, PLAN_CHANGED, "
            + "SCHEDULED_PLAN_CHANGE_FAILED; the answer carries the signing secret, shown this once")
    Registered register(@PathVariable UUID tenantId, @RequestBody String body, Caller caller) {
        Registration registration = read(body);
        URI url = EndpointUrls.parse(registration.url());
        Set<WebhookEvent> events = events(registration.events());
        String description = registration.description() == null ? null : registration.description().strip();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is longer than " + MAX_DESCRIPTION + " characters");
        }
        String secret = WebhookSignature.newSecret();
        WebhookEndpoints.EndpointView endpoint = access.write(caller, tenantId, "register webhook", () -> {
            if (endpoints.countActive(tenantId) >= properties.maxEndpointsPerTenant()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT,
                        "A tenant has at most %d webhook endpoints.".formatted(properties.maxEndpointsPerTenant()));
            }
            EndpointUrls.requireAllowedHost(url, properties.allowLoopback());
            return endpoints.register(tenantId, UUID.randomUUID(), url.toString(), events, description, secret,
                    caller.userId());
        });
        return new Registered(endpoint.id(), endpoint.url(), endpoint.events(), endpoint.description(),
                endpoint.createdAt(), secret);
    }

    @GetMapping
    @Operation(summary = "The tenant's endpoints (without their secrets)")
    EndpointsAnswer list(@PathVariable UUID tenantId, Caller caller) {
        return new EndpointsAnswer(tenantId, access.read(caller, tenantId, "webhooks", () -> endpoints.active(tenantId)));
    }

    @DeleteMapping("/{webhookId}")
    @Operation(summary = "Delete an endpoint: nothing more is sent to it, its pending deliveries are cancelled")
    Deleted delete(@PathVariable UUID tenantId, @PathVariable UUID webhookId, Caller caller) {
        boolean deleted = access.write(caller, tenantId, "delete webhook", () -> endpoints.delete(tenantId, webhookId));
        if (!deleted) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such webhook endpoint.");
        }
        return new Deleted(webhookId, true);
    }

    @GetMapping("/deliveries")
    @Operation(summary = "The delivery log, newest first: status (PENDING, DELIVERED, FAILED, CANCELLED), attempts, "
            + "last answer or error, next attempt")
    DeliveriesAnswer deliveries(@PathVariable UUID tenantId, Caller caller,
                                @RequestParam(required = false) String status,
                                @RequestParam(defaultValue = "50") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        if (limit < 1 || limit > 200) {
            throw new IllegalArgumentException("limit must be 1 to 200");
        }
        return new DeliveriesAnswer(tenantId, access.read(caller, tenantId, "webhook deliveries",
                () -> deliveries.log(tenantId, status, limit)));
    }

    private Registration read(String body) {
        try {
            Registration registration = strict.readValue(body, Registration.class);
            if (registration == null) {
                throw new IllegalArgumentException("the body must be a JSON object with url and events");
            }
            return registration;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '%s'; a registration has url, events and description"
                    .formatted(e.getPropertyName()));
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException(JsonErrors.describe(e)); // names the field and why (a NUL in the text)
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body must be a JSON object {\"url\", \"events\": [...], \"description\"?}");
        }
    }

    private static Set<WebhookEvent> events(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("events must name at least one of " + allEvents());
        }
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        for (String name : names) {
            try {
                events.add(WebhookEvent.valueOf(String.valueOf(name)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown event '%s' (one of %s)".formatted(name, allEvents()));
            }
        }
        return events;
    }

    private static String allEvents() {
        return Arrays.stream(WebhookEvent.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
