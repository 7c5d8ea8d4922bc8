package com.hackops.command.usage;

import com.hackops.command.usage.UsageController.BatchUsageRequest;
import com.hackops.command.usage.UsageController.UsageRequest;
import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageTracked;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.hackops.command.usage.UsageController.MAX_DELTA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage bodies' hand check ({@code meetsItsConstraints}) lets a body skip Bean Validation, so it must say yes
 * exactly when Bean Validation finds nothing: checked against the real validator over generated bodies, the bounds
 * and nulls above all, and against the list of constraints the records declare, so that a constraint added to
 * them without the hand check fails here.
 */
class UsageRequestCheckTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterContainer
    static void close() {
        FACTORY.close();
    }

    @Property(tries = 2_000)
    void a_report_passes_the_hand_check_exactly_when_bean_validation_finds_nothing(@ForAll("reports") UsageRequest report) {
        assertThat(report.meetsItsConstraints()).as("%s", report).isEqualTo(VALIDATOR.validate(report).isEmpty());
    }

    @Property(tries = 400)
    void a_batch_passes_the_hand_check_exactly_when_bean_validation_finds_nothing(@ForAll("batches") BatchUsageRequest batch) {
        assertThat(batch.meetsItsConstraints())
                .as("%s items", batch.items() == null ? "no" : String.valueOf(batch.items().size()))
                .isEqualTo(VALIDATOR.validate(batch).isEmpty());
    }

    @Example
    void the_records_declare_the_constraints_the_hand_check_knows() {
        assertThat(constraints(UsageRequest.class)).containsExactlyInAnyOrder(
                "delta: Max " + MAX_DELTA, "delta: Min " + -MAX_DELTA, "delta: NotNull", "metric: NotNull");
        assertThat(constraints(BatchUsageRequest.class)).containsExactlyInAnyOrder(
                "items: NotNull", "items: Size 1.." + UsageTracked.MAX_CHANGES, "items[]: NotNull", "items[]: cascaded");
    }

    @Provide
    Arbitrary<UsageRequest> reports() {
        Arbitrary<Metric> metrics = Arbitraries.of(Metric.class).injectNull(0.1);
        Arbitrary<Long> deltas = Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, -1L, MAX_DELTA, -MAX_DELTA, MAX_DELTA + 1, -MAX_DELTA - 1,
                        Long.MAX_VALUE, Long.MIN_VALUE),
                Arbitraries.longs().between(-2 * MAX_DELTA, 2 * MAX_DELTA),
                Arbitraries.longs()).injectNull(0.1);
        Arbitrary<Instant> moments = Arbitraries.of(Instant.EPOCH, Instant.parse("2026-12-07T00:00:00Z")).injectNull(0.5);
        return Combinators.combine(metrics, deltas, moments).as(UsageRequest::new);
    }

    /** Valid items with none, one or a few bad ones (or nulls) put in among them, at sizes around the bounds. */
    @Provide
    Arbitrary<BatchUsageRequest> batches() {
        Arbitrary<UsageRequest> valid = Combinators.combine(Arbitraries.of(Metric.class),
                        Arbitraries.longs().between(-MAX_DELTA, MAX_DELTA), Arbitraries.just((Instant) null))
                .as(UsageRequest::new);
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.of(0, 1, UsageTracked.MAX_CHANGES - 1,
                UsageTracked.MAX_CHANGES, UsageTracked.MAX_CHANGES + 1), Arbitraries.integers().between(2, 20));
        Arbitrary<List<UsageRequest>> bad = reports().injectNull(0.3).list().ofMaxSize(3);
        Arbitrary<BatchUsageRequest> lists = Combinators.combine(sizes.flatMap(size -> valid.list().ofSize(size)),
                        bad, Arbitraries.randoms())
                .as((items, badItems, random) -> {
                    List<UsageRequest> all = new ArrayList<>(items);
                    badItems.forEach(item -> all.add(random.nextInt(all.size() + 1), item));
                    return new BatchUsageRequest(all);
                });
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(new BatchUsageRequest(null))), Tuple.of(49, lists));
    }

    /** Every constraint of the type, a class-level one too, each as often as it is declared. */
    private static List<String> constraints(Class<?> type) {
        List<String> found = new ArrayList<>();
        BeanDescriptor bean = VALIDATOR.getConstraintsForClass(type);
        bean.getConstraintDescriptors().forEach(constraint -> found.add("class: " + describe(constraint)));
        for (PropertyDescriptor property : bean.getConstrainedProperties()) {
            String name = property.getPropertyName();
            property.getConstraintDescriptors().forEach(constraint -> found.add(name + ": " + describe(constraint)));
            if (property.isCascaded()) {
                found.add(name + ": cascaded");
            }
            for (ContainerElementTypeDescriptor element : property.getConstrainedContainerElementTypes()) {
                element.getConstraintDescriptors().forEach(constraint -> found.add(name + "[]: " + describe(constraint)));
                if (element.isCascaded()) {
                    found.add(name + "[]: cascaded");
                }
            }
        }
        return found;
    }

    private static String describe(ConstraintDescriptor<?> constraint) {
        String kind = constraint.getAnnotation().annotationType().getSimpleName();
        Map<String, Object> attributes = constraint.getAttributes();
        return switch (kind) {
            case "Min", "Max" -> kind + " " + attributes.get("value");
            case "Size" -> kind + " " + attributes.get("min") + ".." + attributes.get("max");
            default -> kind;
        };
    }
}
