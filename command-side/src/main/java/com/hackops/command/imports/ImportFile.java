package com.hackops.command.imports;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The export {@code infra/import} reads (README, "Import of existing tenants"). The file as a whole must be well-formed
 * JSON of this shape (unknown fields are refused, as everywhere in the API); each tenant row is then judged on its own,
 * so its plan, role, date and metric names are plain strings here and an invalid row is reported, not fatal.
 */
record ImportFile(@NotNull @Pattern(regexp = SOURCE, message = "1-100 of A-Z, a-z, 0-9, '.', '_', ':', '-'") String source,
                  Instant exportedAt,
                  @NotNull @Size(min = 1, max = 1000) List<@NotNull Row> tenants) {

    static final String SOURCE = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$";
    /** The slug rule of the command API (TenantController). */
    static final String SLUG = "^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$";

    /** One exported tenant; {@code usage} maps EVENTS, PARTICIPANTS, STORAGE_BYTES to their current values. */
    record Row(@NotBlank @Size(max = 255) String externalId,
               @NotBlank @Size(max = 120) String name,
               @NotNull @Pattern(regexp = SLUG, message = "3-63 of a-z, 0-9 and inner '-'") String slug,
               @NotNull String plan,
               @NotNull String createdAt,
               @NotNull @Size(min = 1, max = 1000) List<@Valid @NotNull Member> members,
               Map<String, Long> usage) {
    }

    record Member(@NotBlank @Size(max = 255) String userId, @Email @Size(max = 320) String email,
                  @Size(max = 200) String displayName, @NotNull String role) {
    }
}
