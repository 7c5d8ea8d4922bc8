package com.hackops.query;

import com.hackops.platform.testing.SecurityChainRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The query side shares the event contract and the HTTP edge (platform-web) with the command side, and nothing else. */
@AnalyzeClasses(packages = "com.hackops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule never_depends_on_the_command_side = noClasses()
            .that().resideInAPackage("com.hackops.query..")
            .should().dependOnClassesThat().resideInAPackage("com.hackops.command..");

    @ArchTest
    static final ArchRule security_matches_path_patterns_not_strings = SecurityChainRules.PATHS_AS_PATTERNS_NOT_STRINGS;
}
