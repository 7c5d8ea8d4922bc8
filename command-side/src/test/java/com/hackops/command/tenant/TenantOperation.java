package com.hackops.command.tenant;

import com.hackops.command.membership.AddMember;
import com.hackops.command.membership.ChangeMemberRole;
import com.hackops.command.membership.RemoveMember;
import com.hackops.command.personaldata.ErasePersonalData;
import com.hackops.command.security.Permission;
import com.hackops.command.usage.TrackUsage;
import com.hackops.command.usage.UsageItem;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.membership.PersonalDataErased;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Caller;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static com.hackops.command.tenant.TenantFixtures.AT;
import static com.hackops.command.tenant.TenantFixtures.NEWCOMER_ID;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.VIEWER_ID;
import static com.hackops.command.tenant.TenantFixtures.emailOf;
import static com.hackops.command.tenant.TenantFixtures.fullRoster;
import static com.hackops.command.tenant.TenantFixtures.joined;
import static com.hackops.events.types.Role.ADMIN;
import static com.hackops.events.types.Role.MEMBER;
import static com.hackops.events.types.Role.OWNER;

/**
 * Every change a caller can ask of an existing tenant, with the roles the permission matrix lets do it
 * and the one event it records on {@link TenantFixtures#fullRoster} when allowed. The roles are written out
 * here on purpose: this table is the specification the aggregate and {@link Permission} are checked against.
 */
enum TenantOperation {

    UPDATE_PROFILE(Permission.UPDATE_PROFILE, EnumSet.of(OWNER, ADMIN), TenantProfileUpdated.class,
            caller -> new UpdateTenantProfile(TENANT_ID, "Hack Night Munich", null, caller)),
    CHANGE_PLAN(Permission.CHANGE_PLAN, EnumSet.of(OWNER), PlanChanged.class,
            caller -> new ChangePlan(TENANT_ID, Plan.PROFESSIONAL, false, caller)),
    SUSPEND(Permission.SUSPEND, EnumSet.of(OWNER), TenantSuspended.class,
            caller -> new SuspendTenant(TENANT_ID, caller)),
    REACTIVATE(Permission.REACTIVATE, EnumSet.of(OWNER), TenantReactivated.class,
            caller -> new ReactivateTenant(TENANT_ID, caller)) {
        @Override
        List<Object> history() {
            return fullRoster(new TenantSuspended(TENANT_ID, OWNER_ID));
        }
    },
    ARCHIVE(Permission.ARCHIVE, EnumSet.of(OWNER), TenantArchived.class,
            caller -> new ArchiveTenant(TENANT_ID, caller)),
    ADD_MEMBER(Permission.MANAGE_MEMBERS, EnumSet.of(OWNER, ADMIN), MemberAdded.class,
            caller -> new AddMember(TENANT_ID, NEWCOMER_ID, emailOf(NEWCOMER_ID), null, Role.VIEWER, caller)),
    CHANGE_MEMBER_ROLE(Permission.MANAGE_MEMBERS, EnumSet.of(OWNER, ADMIN), MemberRoleChanged.class,
            caller -> new ChangeMemberRole(TENANT_ID, VIEWER_ID, Role.MEMBER, caller)),
    REMOVE_MEMBER(Permission.MANAGE_MEMBERS, EnumSet.of(OWNER, ADMIN), MemberRemoved.class,
            caller -> new RemoveMember(TENANT_ID, VIEWER_ID, caller)),
    /** Of a member who is none of the callers: everyone may erase their own data (TenantPersonalDataFixtureTest). */
    ERASE_PERSONAL_DATA(Permission.ERASE_PERSONAL_DATA, EnumSet.of(OWNER, ADMIN), PersonalDataErased.class,
            caller -> new ErasePersonalData(TENANT_ID, NEWCOMER_ID, caller)) {
        @Override
        List<Object> history() {
            return fullRoster(joined(NEWCOMER_ID, Role.VIEWER));
        }
    },
    TRACK_USAGE(Permission.TRACK_USAGE, EnumSet.of(OWNER, ADMIN, MEMBER), UsageTracked.class,
            caller -> new TrackUsage(TENANT_ID, List.of(new UsageItem(Metric.EVENTS, 1, AT)), true, null, caller));

    final Permission permission;
    final Set<Role> allowedRoles;
    final Class<?> recorded;
    private final Function<Caller, Object> command;

    TenantOperation(Permission permission, Set<Role> allowedRoles, Class<?> recorded, Function<Caller, Object> command) {
        this.permission = permission;
        this.allowedRoles = allowedRoles;
        this.recorded = recorded;
        this.command = command;
    }

    Object by(Caller caller) {
        return command.apply(caller);
    }

    /** The history on which the operation, when allowed, records exactly one {@link #recorded} event. */
    List<Object> history() {
        return fullRoster();
    }
}
