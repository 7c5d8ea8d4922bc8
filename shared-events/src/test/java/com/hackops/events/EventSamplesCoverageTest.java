package com.hackops.events;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event of the contract has a stored sample for every revision up to its current one. */
class EventSamplesCoverageTest {

    @Test
    void every_event_revision_has_a_stored_sample() {
        List<JavaClass> events = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.hackops.events").stream()
                .filter(c -> c.isAnnotatedWith(Revision.class)).toList();
        assertThat(events).hasSize(24);
        for (JavaClass event : events) {
            int current = Integer.parseInt(event.getAnnotationOfType(Revision.class).value());
            for (int revision = 1; revision <= current; revision++) {
                String sample = "/event-samples/" + event.getName() + ".v" + revision + ".json";
                assertThat(getClass().getResource(sample)).as(sample).isNotNull();
            }
        }
    }
}
