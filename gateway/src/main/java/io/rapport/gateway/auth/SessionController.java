package io.rapport.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's sign-in: an API key for a session cookie ({@code HttpOnly}, {@code SameSite=Strict}; the key never
 * reaches the browser's storage), who the session is, and sign-out.
 */
@Tag(name = "Sessions", description = "The console's sign-in: an API key exchanged for a short-lived session cookie.")
@RestController
public class SessionController {

    static final String COOKIE = "rapport_session";
    /** Need no key or session: signing in, and signing out of a session that may have ended already. */
    static final Set<String> SIGN_IN_AND_OUT = Set.of("POST /v1/sessions", "DELETE /v1/sessions/current");

    private final ConsoleSessions sessions;

    public SessionController(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    record SignIn(String apiKey) {
    }

    /** What the caller may do: the console hides what a read-only key may not. */
    record SessionJson(String workspace, List<String> scopes, String keyId, boolean operator, Instant expiresAt) {

        static SessionJson of(ApiKeys.Grant grant, Instant expiresAt) {
            return new SessionJson(grant.workspace(), grant.scopes().stream().sorted().toList(), grant.keyId(),
                    grant.operator(), expiresAt);
        }
    }

    @Operation(operationId = "signIn", summary = "Sign in to the console with an API key: answers with the session "
            + "cookie (no key needed for this call)")
    @SecurityRequirements
    @PostMapping("/v1/sessions")
    ResponseEntity<SessionJson> signIn(@RequestBody SignIn body, HttpServletRequest request) {
        if (body.apiKey() == null || body.apiKey().isBlank()) {
            throw new InvalidRequestException(List.of("apiKey: required"));
        }
        ConsoleSessions.Opened opened = sessions.open(body.apiKey().trim()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The API key is not valid."));
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.SET_COOKIE, cookie(opened.token(), Duration.between(Instant.now(),
                        opened.expiresAt()), request).toString())
                .body(SessionJson.of(opened.grant(), opened.expiresAt()));
    }

    @Operation(operationId = "currentSession", summary = "Who the caller is: workspace, scopes, and when the "
            + "console session ends (none for an API key)")
    @GetMapping("/v1/sessions/current")
    SessionJson current(HttpServletRequest request) {
        ConsoleSessions.Session session = (ConsoleSessions.Session) request.getAttribute(ApiKeyFilter.SESSION);
        return SessionJson.of(Workspace.grant(request), session == null ? null : session.expiresAt());
    }

    @Operation(operationId = "signOut", summary = "Sign out of the console: ends the session and clears its cookie")
    @SecurityRequirements
    @DeleteMapping("/v1/sessions/current")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        sessions.close(token(request));
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO, request).toString())
                .build();
    }

    /** The session token a request carries, if any. */
    static String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(COOKIE)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** Secure when the console was reached over HTTPS (directly or through a proxy that says so). */
    private static ResponseCookie cookie(String value, Duration maxAge, HttpServletRequest request) {
        boolean secure = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return ResponseCookie.from(COOKIE, value).httpOnly(true).secure(secure).sameSite("Strict").path("/")
                .maxAge(maxAge).build();
    }
}
