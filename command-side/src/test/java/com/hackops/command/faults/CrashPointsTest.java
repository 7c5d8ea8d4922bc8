package com.hackops.command.faults;

import com.hackops.command.faults.CrashPoints.Point;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrashPointsTest {

    private final List<Integer> halts = new ArrayList<>();

    @Test
    void unset_never_halts() {
        CrashPoints points = new CrashPoints("", 1, halts::add);

        for (Point point : Point.values()) {
            points.reach(point, () -> "reached");
        }

        assertThat(halts).isEmpty();
    }

    @Test
    void halts_the_nth_time_the_armed_point_is_reached_and_only_then() {
        CrashPoints points = new CrashPoints("after-kafka-send-before-token", 3, halts::add);

        points.reach(Point.AFTER_KAFKA_SEND_BEFORE_TOKEN, () -> "batch 1");
        points.reach(Point.AFTER_COMMIT_BEFORE_ANSWER, () -> "another point");
        points.reach(Point.AFTER_KAFKA_SEND_BEFORE_TOKEN, () -> "batch 2");
        assertThat(halts).as("before the third time").isEmpty();

        points.reach(Point.AFTER_KAFKA_SEND_BEFORE_TOKEN, () -> "batch 3");
        points.reach(Point.AFTER_KAFKA_SEND_BEFORE_TOKEN, () -> "batch 4");
        assertThat(halts).containsExactly(CrashPoints.EXIT_STATUS);
    }

    @Test
    void a_misspelt_point_or_count_stops_the_start() {
        assertThatThrownBy(() -> new CrashPoints("after-commit", 1, halts::add))
                .hasMessageContaining("unknown crash point 'after-commit'")
                .hasMessageContaining("after-commit-before-answer");
        assertThatThrownBy(() -> new CrashPoints("after-commit-before-answer", 0, halts::add))
                .hasMessageContaining("crash-after must be at least 1");
    }
}
