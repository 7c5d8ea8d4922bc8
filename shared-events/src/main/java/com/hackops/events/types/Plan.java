package com.hackops.events.types;

/** The commercial plans. What a plan grants travels in the events ({@link Limits}, {@link Feature}). */
public enum Plan {
    FREE,
    STARTER,
    PROFESSIONAL,
    ENTERPRISE
}
