package com.hackops.events.types;

/** A member's role inside one tenant. OWNER and ADMIN occupy admin seats. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER,
    VIEWER;

    public boolean occupiesAdminSeat() {
        return this == OWNER || this == ADMIN;
    }
}
