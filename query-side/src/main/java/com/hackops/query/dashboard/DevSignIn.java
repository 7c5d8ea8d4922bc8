package com.hackops.query.dashboard;

import com.hackops.platform.security.JwtProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Local development only: mints a bearer token for any user, as {@code infra/token} does, so a person can try the
 * dashboard without a token at hand. It exists only when {@code hackops.dev.sign-in.enabled=true} (infra/run sets
 * it; the default is false), only with the local HS256 secret, and answers only callers on this machine.
 */
@RestController
@Hidden
@ConditionalOnProperty(name = "hackops.dev.sign-in.enabled", havingValue = "true")
class DevSignIn {

    static final String PATH = "/dev/sign-in";
    private static final Logger log = LoggerFactory.getLogger(DevSignIn.class);
    private static final Duration LIFETIME = Duration.ofHours(12);
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,255}");
    private static final Set<String> FIELDS = Set.of("userId", "platformAdmin", "email");

    private final JwtProperties jwt;
    private final MACSigner signer;

    DevSignIn(JwtProperties jwt) {
        if (!"HS256".equals(jwt.algorithm()) || (jwt.jwkSetUri() != null && !jwt.jwkSetUri().isBlank())) {
            throw new IllegalStateException("hackops.dev.sign-in.enabled needs the local HS256 secret, not a JWK set");
        }
        this.jwt = jwt;
        try {
            this.signer = new MACSigner(jwt.secret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException("hackops.security.jwt.secret cannot sign HS256 tokens", e);
        }
        log.warn("DEV SIGN-IN ENABLED: {} mints tokens for any user to callers on this machine", PATH);
    }

    record SignedIn(String token, String userId, boolean platformAdmin, Instant expiresAt) {
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    SignedIn signIn(@RequestBody Map<String, Object> body, HttpServletRequest request) {
        if (!fromThisMachine(request)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND); // as when it is disabled
        }
        if (!FIELDS.containsAll(body.keySet())) {
            throw new IllegalArgumentException("only userId, platformAdmin and email may be given");
        }
        if (!(body.get("userId") instanceof String userId) || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("userId: 1-255 of A-Z a-z 0-9 . _ @ : -");
        }
        Object admin = body.getOrDefault("platformAdmin", false);
        Object email = body.get("email");
        if (!(admin instanceof Boolean platformAdmin) || (email != null && !(email instanceof String))) {
            throw new IllegalArgumentException("platformAdmin must be true or false, email a string");
        }
        Instant now = Instant.now();
        Instant expires = now.plus(LIFETIME);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId).issuer(jwt.issuer()).audience(jwt.audience())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
                .claim("platform_admin", platformAdmin);
        if (email != null) {
            claims.claim("email", email);
        }
        log.info("dev sign-in as {} (platform admin: {})", userId, platformAdmin);
        return new SignedIn(sign(claims.build()), userId, platformAdmin, expires);
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            token.sign(signer);
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean fromThisMachine(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
