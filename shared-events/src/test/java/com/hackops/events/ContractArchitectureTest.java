package com.hackops.events;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.serialization.Revision;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The contract jar stays a plain contract: records and value types, no frameworks. */
@AnalyzeClasses(packages = "com.hackops.events", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractArchitectureTest {

    @ArchTest
    static final ArchRule no_spring_jpa_or_kafka = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "javax.persistence..", "org.hibernate..", "org.apache.kafka..", "com.hackops.command..",
                    "com.hackops.query..");

    @ArchTest
    static final ArchRule every_event_is_a_record_with_a_revision = classes()
            .that().resideInAnyPackage("..events.tenant..", "..events.membership..", "..events.usage..")
            .and().areNotAssignableTo(com.hackops.events.usage.UsageChange.class)
            .should().beRecords().andShould().beAnnotatedWith(Revision.class);

    @ArchTest
    static final ArchRule events_are_past_tense = classes()
            .that().resideInAnyPackage("..events.tenant..", "..events.membership..", "..events.usage..")
            .and().areNotAssignableTo(com.hackops.events.usage.UsageChange.class)
            .should().haveNameMatching(".*(ed|en|Crossed|Entered|Cleared)$");
}
