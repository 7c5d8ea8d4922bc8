package com.hackops.query.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where the platform may send a tenant's webhooks: an absolute http(s) URL without credentials, whose host resolves
 * only to public addresses. Loopback is allowed when configured (tests and infra/run receive on 127.0.0.1); private,
 * link-local (cloud metadata at 169.254.169.254), unique-local, shared (100.64/10), multicast and unspecified
 * addresses never are, so a registration cannot turn the platform against its own network. The sender checks the
 * address again before every attempt, because DNS answers may change after registration.
 */
final class EndpointUrls {

    static final int MAX_LENGTH = 2048;

    private EndpointUrls() {
    }

    /** The URL if its form is acceptable. @throws IllegalArgumentException saying why not */
    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must be http or https");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("url must not carry credentials; receivers verify the signature instead");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have a fragment");
        }
        return uri;
    }

    /** @throws IllegalArgumentException when the host does not resolve, or to an address the platform may not call */
    static void requireAllowedHost(URI uri, boolean allowLoopback) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host " + uri.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address, allowLoopback);
            if (refusal != null) {
                // the address itself is not told: it would map the platform's network for whoever registers
                throw new IllegalArgumentException("host %s resolves to %s, which webhooks may not call".formatted(
                        uri.getHost(), refusal));
            }
        }
    }

    private static String refusal(InetAddress address, boolean allowLoopback) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "not a unicast address";
        }
        if (address.isLinkLocalAddress() || address.isSiteLocalAddress()) {
            return "a private or link-local address";
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = raw[0] & 0xff;
            int second = raw[1] & 0xff;
            if (first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128)) {
                return "a reserved or shared address";
            }
        } else if (address instanceof Inet6Address && (raw[0] & 0xfe) == 0xfc) {
            return "a private (unique local) address";
        }
        return null;
    }
}
