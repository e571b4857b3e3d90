package io.rapport.gateway.relationship;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.ResolveIdentifierRequest;
import io.rapport.proto.relationship.v1.ResolveIdentifierResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who holds an identifier: an exact lookup of the workspace's identifier index (the console's "find a customer"). */
@Tag(name = "Customers")
@RestController
public class IdentifierController {

    private final RelationshipClient relationships;

    public IdentifierController(RelationshipClient relationships) {
        this.relationships = relationships;
    }

    /** The identifier as it is kept (normalized) and the customer holding it. */
    record Holder(String type, String value, String customerId) {
    }

    @Operation(operationId = "resolveIdentifier",
            summary = "Find the customer holding an e-mail address, phone number, social handle or external id")
    @GetMapping("/v1/identifiers")
    Holder resolve(@Parameter(required = true, example = "EMAIL") @RequestParam(required = false) String type,
                   @Parameter(required = true, example = "ada@example.com") @RequestParam(required = false) String value,
                   HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        var identifier = CustomerController.identifier(new CustomerRequests.IdentifierBody(type, value), "identifier",
                errors);
        InvalidRequestException.throwIfAny(errors);
        ResolveIdentifierResponse holder = relationships.forWorkspace(Workspace.of(request)).resolveIdentifier(
                ResolveIdentifierRequest.newBuilder().setIdentifier(identifier.orElseThrow()).build());
        return new Holder(holder.getIdentifier().getType().name().substring("IDENTIFIER_TYPE_".length())
                .toUpperCase(Locale.ROOT), holder.getIdentifier().getValue(), holder.getCustomerId());
    }
}
