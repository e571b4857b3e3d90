package io.rapport.gateway.web;

import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The workspace the caller's API key belongs to, and what the key may do there. */
public final class Workspace {

    private Workspace() {
    }

    public static String of(HttpServletRequest request) {
        return grant(request).workspace();
    }

    public static ApiKeys.Grant grant(HttpServletRequest request) {
        ApiKeys.Grant grant = (ApiKeys.Grant) request.getAttribute(ApiKeyFilter.GRANT);
        if (grant == null) {
            throw new IllegalStateException("request reached a controller without passing the API key filter");
        }
        return grant;
    }

    /** Refuses (403) a call that only the operator, holding a key from the gateway's configuration, may make. */
    public static void requireOperator(HttpServletRequest request, String why) {
        if (!grant(request).operator()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, why + ": only the operator's key (from the "
                    + "gateway's configuration) may do this.");
        }
    }
}
