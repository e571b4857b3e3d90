package io.rapport.gateway.auth;

import java.io.IOException;
import java.util.Optional;

import io.rapport.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /v1} call needs {@code Authorization: Bearer <api key>}, or the console's session cookie (see
 * {@link ConsoleSessions}); the key decides the workspace, and its scopes what the caller may do. A call that
 * changes something with the cookie must also carry {@code X-Rapport-Console: 1}, which no other site's page can
 * add to a request (besides the cookie being {@code SameSite=Strict}). Signing in and out need neither.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 30)
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String GRANT = ApiKeyFilter.class.getName() + ".grant";
    /** The console session a call came with, when it came with one. */
    static final String SESSION = ApiKeyFilter.class.getName() + ".session";
    private static final String BEARER = "Bearer ";

    public static final String CONSOLE_HEADER = "X-Rapport-Console";

    private final ApiKeys keys;
    private final ConsoleSessions sessions;

    public ApiKeyFilter(ApiKeys keys, ConsoleSessions sessions) {
        this.keys = keys;
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v1/") && !path.equals("/v1") || SessionController.SIGN_IN_AND_OUT.contains(
                request.getMethod() + " " + path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        // Only a call without a key is looked at for the console's cookie: an API client's calls parse no cookies.
        String sessionToken = authorization == null ? SessionController.token(request) : null;
        Optional<ApiKeys.Grant> grant;
        if (sessionToken != null) {
            Optional<ConsoleSessions.Session> session = sessions.find(sessionToken);
            session.ifPresent(found -> request.setAttribute(SESSION, found));
            grant = session.map(ConsoleSessions.Session::grant);
            if (grant.isEmpty()) {
                refuse(request, response, "The console session has ended: sign in again.");
                return;
            }
            if (!readsOnly(request) && !"1".equals(request.getHeader(CONSOLE_HEADER))) {
                Problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "A change made with the console's "
                        + "session must carry '" + CONSOLE_HEADER + ": 1'.", request.getRequestURI());
                return;
            }
        } else {
            if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                refuse(request, response, "Send 'Authorization: Bearer <api key>'.");
                return;
            }
            grant = keys.grantFor(authorization.substring(BEARER.length()).trim());
            if (grant.isEmpty()) {
                refuse(request, response, "The API key is not valid.");
                return;
            }
        }
        String needed = scopeNeeded(request);
        if (!grant.get().scopes().contains(needed)) {
            Problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "This API key lacks the '" + needed
                    + "' scope this call needs.", request.getRequestURI());
            return;
        }
        request.setAttribute(GRANT, grant.get());
        // Cleared by RequestLog when the call is done.
        MDC.put("workspace", grant.get().workspace());
        MDC.put("apiKey", grant.get().keyId());
        chain.doFilter(request, response);
    }

    /** Admin calls need "admin"; reading needs "read"; anything that changes data needs "write". */
    static String scopeNeeded(HttpServletRequest request) {
        if (request.getRequestURI().startsWith("/v1/admin/")) {
            return "admin";
        }
        return readsOnly(request) ? "read" : "write";
    }

    private static boolean readsOnly(HttpServletRequest request) {
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"rapport\"");
        Problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail, request.getRequestURI());
    }
}
