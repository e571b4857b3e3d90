package io.rapport.gateway.auth;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A workspace's API keys, managed with an {@code admin} key of that workspace: made with the scopes asked for
 * (the key's text is in the answer and nowhere else), listed and revoked.
 */
@Tag(name = "API keys",
        description = "A workspace's keys: made with scopes (read, write, admin), listed, revoked. Stored only as "
                + "hashes.")
@RestController
public class ApiKeyController {

    static final Set<String> SCOPES = Set.of("read", "write", "admin");

    /** A key as shown: {@code key} only in the answer to its creation. */
    record KeyJson(String id, String name, List<String> scopes, String prefix, Instant createdAt, Instant expiresAt,
                   Instant revokedAt, Instant lastUsedAt, String key) {

        static KeyJson of(ApiKeyStore.KeyRecord record, String key) {
            return new KeyJson(record.id(), record.name(), record.scopes().stream().sorted().toList(),
                    "rpk_" + record.id(), record.createdAt(), record.expiresAt(), record.revokedAt(),
                    record.lastUsedAt(), key);
        }
    }

    record KeyBody(String name, List<String> scopes, String expiresAt) {
    }

    record ApiKeyPage(List<KeyJson> items, String nextCursor) {
    }

    private final ApiKeyStore store;
    private final ApiKeys keys;

    public ApiKeyController(ApiKeyStore store, ApiKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Operation(operationId = "createApiKey", summary = "Create an API key (its text is shown only in this answer)")
    @RestDoc(status = "201")
    @PostMapping("/v1/admin/api-keys")
    ResponseEntity<KeyJson> create(@RequestBody KeyBody body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        String name = name(body.name(), errors);
        Set<String> scopes = scopes(body.scopes(), errors);
        Instant expiresAt = RequestValues.instant(body.expiresAt(), "expiresAt", errors).orElse(null);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            errors.add("expiresAt: must be in the future");
        }
        InvalidRequestException.throwIfAny(errors);
        ApiKeyStore.NewKey made = store.createKey(Workspace.of(request), name, scopes, expiresAt);
        return ResponseEntity.created(URI.create("/v1/admin/api-keys/" + made.record().id()))
                .body(KeyJson.of(made.record(), made.key()));
    }

    @Operation(operationId = "listApiKeys", summary = "List the workspace's API keys")
    @GetMapping("/v1/admin/api-keys")
    ApiKeyPage list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
              HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        int[] size = {50};
        String[] after = {null};
        RequestValues.page(limit, cursor, 200, errors, value -> size[0] = value, value -> after[0] = value);
        InvalidRequestException.throwIfAny(errors);
        ApiKeyStore.Page<ApiKeyStore.KeyRecord> page = store.keys(Workspace.of(request), after[0], size[0]);
        return new ApiKeyPage(page.items().stream().map(r -> KeyJson.of(r, null)).toList(), page.nextCursor());
    }

    @Operation(operationId = "getApiKey", summary = "Get an API key (never its text)")
    @GetMapping("/v1/admin/api-keys/{id}")
    KeyJson get(@PathVariable String id, HttpServletRequest request) {
        return KeyJson.of(store.byId(Workspace.of(request), id).orElseThrow(() -> notFound(id)), null);
    }

    /** Revokes the key: it stops working here at once, on other gateway replicas within the key cache's time. */
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
    @DeleteMapping("/v1/admin/api-keys/{id}")
    KeyJson revoke(@PathVariable String id, HttpServletRequest request) {
        ApiKeyStore.KeyRecord revoked = store.revoke(Workspace.of(request), id).orElseThrow(() -> notFound(id));
        keys.forget(id);
        return KeyJson.of(revoked, null);
    }

    static String name(String name, List<String> errors) {
        if (name == null || name.isBlank()) {
            errors.add("name: required, what the key is for (e.g. 'checkout events')");
        } else if (name.length() > 100) {
            errors.add("name: at most 100 characters");
        }
        return name;
    }

    private static Set<String> scopes(List<String> scopes, List<String> errors) {
        if (scopes == null || scopes.isEmpty()) {
            errors.add("scopes: required, one or more of " + SCOPES.stream().sorted().toList());
            return Set.of();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String scope : scopes) {
            if (scope == null || !SCOPES.contains(scope)) {
                errors.add("scopes: unknown scope '" + scope + "', expected some of " + SCOPES.stream().sorted().toList());
            } else {
                chosen.add(scope);
            }
        }
        return chosen;
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No API key '" + id + "' in this workspace.");
    }
}
