package io.rapport.gateway.auth;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.platform.tenant.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Workspaces, managed by the operator (a key from the gateway's configuration): a new workspace comes with its
 * first admin key, from which its team makes the rest.
 */
@Tag(name = "Workspaces", description = "Tenants of the installation, managed by the operator.")
@RestController
public class WorkspaceController {

    record WorkspaceJson(String id, String name, Instant createdAt, ApiKeyController.KeyJson apiKey) {
    }

    record WorkspaceBody(String id, String name) {
    }

    record WorkspacePage(List<WorkspaceJson> items, String nextCursor) {
    }

    private final ApiKeyStore store;

    public WorkspaceController(ApiKeyStore store) {
        this.store = store;
    }

    @Operation(operationId = "createWorkspace", summary = "Create a workspace with its first admin key (operator)")
    @RestDoc(status = "201")
    @PostMapping("/v1/admin/workspaces")
    ResponseEntity<WorkspaceJson> create(@RequestBody WorkspaceBody body, HttpServletRequest request) {
        Workspace.requireOperator(request, "Workspaces belong to the whole installation");
        List<String> errors = new ArrayList<>();
        if (!Tenancy.isValid(body.id())) {
            errors.add("id: required, lower-case letters, digits and dashes, starting with a letter or digit, "
                    + "at most 63 characters");
        }
        ApiKeyController.name(body.name(), errors);
        InvalidRequestException.throwIfAny(errors);
        ApiKeyStore.Workspace created = store.createWorkspace(body.id(), body.name()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.CONFLICT, "Workspace '" + body.id() + "' exists already."));
        ApiKeyStore.NewKey key = store.createKey(created.id(), "first admin key", ApiKeyController.SCOPES, null);
        return ResponseEntity.created(URI.create("/v1/admin/workspaces/" + created.id())).body(new WorkspaceJson(
                created.id(), created.name(), created.createdAt(), ApiKeyController.KeyJson.of(key.record(), key.key())));
    }

    @Operation(operationId = "listWorkspaces", summary = "List workspaces (operator)")
    @GetMapping("/v1/admin/workspaces")
    WorkspacePage list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
              HttpServletRequest request) {
        Workspace.requireOperator(request, "Workspaces belong to the whole installation");
        List<String> errors = new ArrayList<>();
        int[] size = {50};
        String[] after = {null};
        RequestValues.page(limit, cursor, 200, errors, value -> size[0] = value, value -> after[0] = value);
        InvalidRequestException.throwIfAny(errors);
        ApiKeyStore.Page<ApiKeyStore.Workspace> page = store.workspaces(after[0], size[0]);
        return new WorkspacePage(page.items().stream().map(w -> new WorkspaceJson(w.id(), w.name(), w.createdAt(), null))
                .toList(), page.nextCursor());
    }

    @Operation(operationId = "getWorkspace", summary = "Get a workspace (operator)")
    @GetMapping("/v1/admin/workspaces/{id}")
    WorkspaceJson get(@PathVariable String id, HttpServletRequest request) {
        Workspace.requireOperator(request, "Workspaces belong to the whole installation");
        return store.workspace(id).map(w -> new WorkspaceJson(w.id(), w.name(), w.createdAt(), null))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No workspace '" + id + "'."));
    }

}
