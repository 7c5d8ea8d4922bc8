package com.hackops.query.security;

/** Problem {@code type} URIs are {@code urn:hackops:problem:<kind>}: stable names, not links. */
public final class ProblemTypes {

    public static final String PREFIX = "urn:hackops:problem:";

    private ProblemTypes() {
    }
}
