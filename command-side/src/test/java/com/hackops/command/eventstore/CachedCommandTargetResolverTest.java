package com.hackops.command.eventstore;

import com.hackops.command.tenant.SuspendTenant;
import com.hackops.events.types.TenantId;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached resolver answers exactly what Axon's own resolver answers, command after command. */
class CachedCommandTargetResolverTest {

    private final CommandTargetResolver cached = new CachedCommandTargetResolver();
    private final CommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    record OnComponent(@TargetAggregateIdentifier TenantId tenantId, @TargetAggregateVersion Long version) {
    }

    static final class OnMethod {
        private final String id;
        private final String version;

        OnMethod(String id, String version) {
            this.id = id;
            this.version = version;
        }

        @TargetAggregateIdentifier
        String target() {
            return id;
        }

        @TargetAggregateVersion
        String expectedVersion() {
            return version;
        }
    }

    static class Base {
        @TargetAggregateIdentifier
        protected UUID id = UUID.randomUUID();
    }

    static final class Inherited extends Base {
    }

    @Test
    void the_same_target_as_axons_resolver_for_every_kind_of_member_and_every_command_after_the_first() {
        for (int i = 0; i < 3; i++) {
            TenantId tenant = TenantId.random();
            same(new SuspendTenant(tenant, null));
            same(new OnComponent(tenant, 41L + i));
            same(new OnComponent(tenant, null));
            same(new OnMethod("tenant-" + i, String.valueOf(i)));
            same(new Inherited());
        }
        assertThat(cached.resolveTarget(message(new OnMethod("t", "7"))).getVersion()).isEqualTo(7L);
    }

    @Test
    void a_missing_identifier_or_a_version_that_is_no_number_is_refused_as_axons_resolver_refuses_it() {
        for (Object payload : new Object[] {new OnComponent(null, 1L), new OnMethod("t", "seven"), "no target at all"}) {
            assertThatThrownBy(() -> axon.resolveTarget(message(payload))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cached.resolveTarget(message(payload))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(payload instanceof OnMethod ? "not a number" : "does not identify the target");
        }
    }

    private void same(Object payload) {
        VersionedAggregateIdentifier expected = axon.resolveTarget(message(payload));
        VersionedAggregateIdentifier actual = cached.resolveTarget(message(payload));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getIdentifier()).isEqualTo(expected.getIdentifier());
        assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
    }

    private static CommandMessage<?> message(Object payload) {
        return GenericCommandMessage.asCommandMessage(payload);
    }
}
