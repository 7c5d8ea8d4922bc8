package com.hackops.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.http.HttpMethod;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasParameterTypes.Predicates.rawParameterTypes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The query side shares the event contract and the HTTP edge (platform-web) with the command side, and nothing else. */
@AnalyzeClasses(packages = "com.hackops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule never_depends_on_the_command_side = noClasses()
            .that().resideInAPackage("com.hackops.query..")
            .should().dependOnClassesThat().resideInAPackage("com.hackops.command..");

    /**
     * Spring Security turns path strings into MVC matchers, which look each request's handler up (through the
     * introspector's cache, which {@code SecurityChainWithoutIntrospectorCache} removes): paths are matched as
     * {@code PathPatternRequestMatcher}s instead.
     */
    @ArchTest
    static final ArchRule security_matches_path_patterns_not_strings = noClasses()
            .should().callMethodWhere(target(name("securityMatcher").or(name("requestMatchers")))
                    .and(target(rawParameterTypes(String[].class)).or(target(rawParameterTypes(HttpMethod.class, String[].class)))));
}
