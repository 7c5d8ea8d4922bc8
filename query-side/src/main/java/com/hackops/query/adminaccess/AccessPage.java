package com.hackops.query.adminaccess;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A page of both services' records, newest first, and where the next one starts ({@code before}, exclusive; null on
 * the last page). Each source is asked for one more record than the page holds, which tells whether more follow.
 * Records sharing the instant the page would end in move to the next page together, since {@code before} is
 * exclusive: a page may hold fewer than {@code limit} records, and no record is ever skipped.
 */
record AccessPage(List<AccessView> records, Instant next) {

    private static final Comparator<AccessView> NEWEST_FIRST =
            Comparator.comparing(AccessView::at).reversed().thenComparing(AccessView::service);

    static AccessPage of(List<AccessView> queries, List<AccessView> commands, int limit) {
        List<AccessView> all = Stream.concat(queries.stream(), commands.stream()).sorted(NEWEST_FIRST).toList();
        if (all.size() <= limit) {
            return new AccessPage(all, null);
        }
        Instant cut = all.get(limit).at();
        int end = limit;
        while (end > 0 && all.get(end - 1).at().equals(cut)) {
            end--;
        }
        if (end == 0) {
            end = limit; // a whole page of records of one instant (a microsecond): nothing better to do
        }
        return new AccessPage(all.subList(0, end), all.get(end - 1).at());
    }
}
