package com.hackops.query.support;

import com.hackops.platform.testing.HttpApi;

/** The tests' HTTP client of the query API. */
public final class Api extends HttpApi {

    public Api(int port) {
        super(port);
    }
}
