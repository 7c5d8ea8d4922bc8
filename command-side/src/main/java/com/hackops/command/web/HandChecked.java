package com.hackops.command.web;

/**
 * A request body that can say, without Bean Validation's reflective walk, that Bean Validation would find nothing
 * wrong with it. {@link HandCheckFirst} asks it first and runs Bean Validation only when it says no, so Bean
 * Validation stays the authority on what is wrong and how the answer says so.
 */
public interface HandChecked {

    /** True only when the body meets every constraint its annotations declare; false when in doubt. */
    boolean meetsItsConstraints();
}
