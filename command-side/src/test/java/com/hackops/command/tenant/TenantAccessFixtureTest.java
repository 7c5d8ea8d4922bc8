package com.hackops.command.tenant;

import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Caller;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static com.hackops.command.rejection.RejectionKind.FORBIDDEN;
import static com.hackops.command.rejection.RejectionKind.NOT_FOUND;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.ADMIN;
import static com.hackops.command.tenant.TenantFixtures.MEMBER;
import static com.hackops.command.tenant.TenantFixtures.OUTSIDER;
import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.PLATFORM_ADMIN;
import static com.hackops.command.tenant.TenantFixtures.VIEWER;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.instanceOf;

/**
 * Who may do what: every role against every change (the permission matrix), callers who are not members,
 * and platform admins. The expected roles come from {@link TenantOperation}, not from {@code Permission}.
 */
class TenantAccessFixtureTest {

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = tenantFixture(new InMemorySlugRegistry(), new InMemoryIdempotencyKeys());
    }

    static Stream<Arguments> everyRoleAgainstEveryOperation() {
        return Arrays.stream(TenantOperation.values())
                .flatMap(operation -> Arrays.stream(Role.values()).map(role -> Arguments.of(operation, role)));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("everyRoleAgainstEveryOperation")
    void each_role_may_do_exactly_what_the_matrix_grants_it(TenantOperation operation, Role role) {
        var result = fixture.given(operation.history()).when(operation.by(callerWith(role)));

        if (operation.allowedRoles.contains(role)) {
            result.expectSuccessfulHandlerExecution()
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(instanceOf(operation.recorded), andNoMore())));
        } else {
            result.expectException(rejectedAs(FORBIDDEN)).expectNoEvents();
        }
    }

    @ParameterizedTest
    @EnumSource(TenantOperation.class)
    void a_caller_who_is_not_a_member_is_told_the_tenant_does_not_exist(TenantOperation operation) {
        fixture.given(operation.history())
                .when(operation.by(OUTSIDER))
                .expectException(rejectedAs(NOT_FOUND))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(TenantOperation.class)
    void a_platform_admin_may_do_everything_without_being_a_member(TenantOperation operation) {
        fixture.given(operation.history())
                .when(operation.by(PLATFORM_ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(instanceOf(operation.recorded), andNoMore())));
    }

    /** Permission is the table the README prints; it must say what the aggregate was just shown to enforce. */
    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("everyRoleAgainstEveryOperation")
    void the_permission_table_agrees_with_the_tested_matrix(TenantOperation operation, Role role) {
        assertThat(operation.permission.grantedTo(role)).isEqualTo(operation.allowedRoles.contains(role));
    }

    private static Caller callerWith(Role role) {
        return switch (role) {
            case OWNER -> OWNER;
            case ADMIN -> ADMIN;
            case MEMBER -> MEMBER;
            case VIEWER -> VIEWER;
        };
    }
}
