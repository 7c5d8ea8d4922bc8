package com.hackops.platform;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The shared HTTP edge knows neither service nor the event contract: it is what both services do the same at the
 * door (tokens, rate limits, body limits, problem documents), never what either does with a request.
 */
@AnalyzeClasses(packages = "com.hackops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knows_neither_service = noClasses()
            .that().resideInAPackage("com.hackops.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("com.hackops.command..", "com.hackops.query..",
                    "com.hackops.events..");
}
