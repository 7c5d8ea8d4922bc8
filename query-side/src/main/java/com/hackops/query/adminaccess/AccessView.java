package com.hackops.query.adminaccess;

import java.time.Instant;

/**
 * One request of a platform admin: when it was recorded (before it was handled), the admin's token subject, the
 * service ({@code command} or {@code query}), method and path (never the query string), and the answer's status
 * (absent while the request runs).
 */
record AccessView(Instant at, String admin, String service, String method, String path, Integer status) {
}
