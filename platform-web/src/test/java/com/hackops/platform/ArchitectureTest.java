package com.hackops.platform;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.wire.WireInstants;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The shared HTTP edge knows neither service: it is what both services do the same at the door (tokens, API keys,
 * the caller, rate limits, body limits, problem documents, how JSON is read), never what either does with a request.
 * Of the event contract it uses only the API keys' secrets and scopes, and the form instants are written in.
 */
@AnalyzeClasses(packages = "com.hackops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knows_neither_service = noClasses()
            .that().resideInAPackage("com.hackops.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("com.hackops.command..", "com.hackops.query..");

    @ArchTest
    static final ArchRule of_the_contract_only_api_keys_and_instants = noClasses()
            .that().resideInAPackage("com.hackops.platform..")
            .should().dependOnClassesThat(resideInAPackage("com.hackops.events..")
                    .and(not(resideInAPackage("com.hackops.events.apikey..")))
                    .and(not(equivalentTo(ApiKeyScope.class)))
                    .and(not(equivalentTo(WireInstants.class))));
}
