package io.rapport.gateway.web;

import io.rapport.gateway.auth.ApiKeyFilter;
import io.rapport.gateway.auth.ApiKeys;
import jakarta.servlet.http.HttpServletRequest;

/** The workspace the caller's API key belongs to. */
public final class Workspace {

    private Workspace() {
    }

    public static String of(HttpServletRequest request) {
        ApiKeys.Grant grant = (ApiKeys.Grant) request.getAttribute(ApiKeyFilter.GRANT);
        if (grant == null) {
            throw new IllegalStateException("request reached a controller without passing the API key filter");
        }
        return grant.workspace();
    }
}
