package com.hackops.command;

import com.hackops.platform.testing.SecurityChainRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.spring.stereotype.Aggregate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The command side's shape: aggregates and their policies are plain Java; it never reaches into the query side. */
@AnalyzeClasses(packages = "com.hackops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule aggregates_import_no_spring = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "org.apache.kafka..");

    @ArchTest
    static final ArchRule policies_are_plain_java = noClasses()
            .that().haveSimpleName("UsageLimits").or().haveSimpleName("UsageSignals").or().haveSimpleName("MembershipRules")
            .or().haveSimpleName("PlanRules").or().haveSimpleName("PlanCatalogue").or().haveSimpleName("TenantAccess")
            .or().haveSimpleName("Permission")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "java.sql..", "javax.sql..");

    @ArchTest
    static final ArchRule never_depends_on_the_query_side = noClasses()
            .that().resideInAPackage("com.hackops.command..")
            .should().dependOnClassesThat().resideInAPackage("com.hackops.query..");

    @ArchTest
    static final ArchRule security_matches_path_patterns_not_strings = SecurityChainRules.PATHS_AS_PATTERNS_NOT_STRINGS;
}
