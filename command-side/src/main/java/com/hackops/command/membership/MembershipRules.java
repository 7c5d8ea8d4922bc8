package com.hackops.command.membership;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Caller;

import java.util.Map;

/** The rules of who may hold and hand out which role. Admin-seat limits live in {@code UsageLimits}. */
public final class MembershipRules {

    private MembershipRules() {
    }

    public static long adminSeats(Map<String, Role> members) {
        return members.values().stream().filter(Role::occupiesAdminSeat).count();
    }

    public static long owners(Map<String, Role> members) {
        return members.values().stream().filter(role -> role == Role.OWNER).count();
    }

    /** Only an OWNER (or a platform admin) may make, unmake or remove an OWNER. */
    public static void requireMayTouchOwnership(Caller caller, Map<String, Role> members, Role... touched) {
        if (caller.platformAdmin() || members.get(caller.userId()) == Role.OWNER) {
            return;
        }
        for (Role role : touched) {
            if (role == Role.OWNER) {
                throw Rejections.of(RejectionKind.FORBIDDEN, "Only an OWNER may grant, change or remove the OWNER role.");
            }
        }
    }

    /** A tenant always keeps at least one OWNER. */
    public static void requireOwnerRemains(Map<String, Role> members, Role leaving) {
        if (leaving == Role.OWNER && owners(members) <= 1) {
            throw Rejections.of(RejectionKind.LAST_OWNER, "A tenant must keep at least one OWNER.");
        }
    }
}
