package com.hackops.query.projection;

import java.util.Collection;
import java.util.stream.Collectors;

/** PostgreSQL text arrays: literals of enum names (sorted, so equal sets store equally) and back. */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static java.util.List<String> strings(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? java.util.List.of() : java.util.Arrays.asList((String[]) array.getArray());
    }

    public static String of(Collection<?> values) {
        return values.stream().map(Object::toString).sorted().collect(Collectors.joining(",", "{", "}"));
    }
}
