package com.hackops.query.adminaccess;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages of both services' records: newest first, and following {@code next} never skips or repeats a record. */
class AccessPageTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00.000001Z");

    @Test
    void both_services_records_are_merged_newest_first() {
        AccessPage page = AccessPage.of(List.of(query(3), query(1)), List.of(command(2)), 5);

        assertThat(page.records()).containsExactly(query(3), command(2), query(1));
        assertThat(page.next()).as("nothing follows").isNull();
    }

    @Test
    void a_full_page_says_where_the_next_begins() {
        AccessPage page = AccessPage.of(List.of(query(5), query(4), query(1)), List.of(command(3)), 2);

        assertThat(page.records()).containsExactly(query(5), query(4));
        assertThat(page.next()).isEqualTo(T.plusMillis(4));
    }

    @Test
    void records_sharing_the_instant_a_page_would_end_in_move_to_the_next_page_together() {
        List<AccessView> queries = List.of(query(9), query(7), query(7));
        List<AccessView> commands = List.of(command(8), command(7), command(6));

        AccessPage page = AccessPage.of(queries, commands, 4);

        assertThat(page.records()).containsExactly(query(9), command(8));
        assertThat(page.next()).isEqualTo(T.plusMillis(8));
    }

    @Test
    void following_next_lists_every_record_once() {
        List<AccessView> queries = new ArrayList<>();
        List<AccessView> commands = new ArrayList<>();
        for (int i = 40; i > 0; i--) {
            queries.add(query(i / 3));
            commands.add(command(i / 4));
        }
        List<AccessView> listed = new ArrayList<>();
        Instant before = null;
        do {
            Instant cursor = before;
            int limit = 8; // more than the records of one instant (at most 3 + 4 here)
            AccessPage page = AccessPage.of(firstBefore(queries, cursor, limit + 1), firstBefore(commands, cursor, limit + 1), limit);
            listed.addAll(page.records());
            before = page.next();
        } while (before != null);

        assertThat(listed).hasSize(80).containsExactlyInAnyOrderElementsOf(concat(queries, commands));
    }

    /** What a source answers: its records before {@code before}, newest first, at most {@code limit}. */
    private static List<AccessView> firstBefore(List<AccessView> records, Instant before, int limit) {
        return records.stream().filter(r -> before == null || r.at().isBefore(before)).limit(limit).toList();
    }

    private static List<AccessView> concat(List<AccessView> a, List<AccessView> b) {
        List<AccessView> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static AccessView query(int millis) {
        return new AccessView(T.plusMillis(millis), "ops", "query", "GET", "/api/v1/tenants/t/usage", 200);
    }

    private static AccessView command(int millis) {
        return new AccessView(T.plusMillis(millis), "ops", "command", "POST", "/api/v1/tenants/t/usage", 409);
    }
}
