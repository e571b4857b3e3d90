package io.rapport.gateway.relationship;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.ConsentChange;
import io.rapport.proto.relationship.v1.CustomerProfile;
import io.rapport.proto.relationship.v1.CustomerUpsert;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.ForgetCustomerRequest;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.Identifier;
import io.rapport.proto.relationship.v1.IdentifierType;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.LinkIdentifierRequest;
import io.rapport.proto.relationship.v1.ListRelationshipsRequest;
import io.rapport.proto.relationship.v1.ListRelationshipsResponse;
import io.rapport.proto.relationship.v1.MergeCustomersRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsResponse;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.UnmergeCustomersRequest;
import io.rapport.proto.relationship.v1.UpsertCustomersRequest;
import io.rapport.proto.relationship.v1.UpsertCustomersResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customers and their interactions. The gateway checks the shape of a request (required fields, known enum
 * values, batch size); the relationship service checks the rest and has the last word.
 */
@Tag(name = "Customers", description = "Customers, their identities, merges, erasure and interactions.")
@RestController
public class CustomerController {

    static final int MAX_BATCH = 1_000;
    /** A thousand new customers, each with identifiers to claim, take longer than one call's usual deadline. */
    private static final java.time.Duration BATCH_DEADLINE = java.time.Duration.ofSeconds(60);

    private final RelationshipClient relationships;

    public CustomerController(RelationshipClient relationships) {
        this.relationships = relationships;
    }

    @Operation(operationId = "registerCustomer", summary = "Register a customer")
    @RestDoc(status = "201")
    @PostMapping("/v1/customers")
    ResponseEntity<CustomerRequests.Registered> register(@RequestBody CustomerRequests.RegisterCustomer body,
                                                         HttpServletRequest request) {
        RegisterCustomerRequest.Builder grpcRequest = RegisterCustomerRequest.newBuilder()
                .setProfile(profile(body.firstName(), body.lastName(), body.email(), body.phone(), body.timeZone(),
                        body.locale(), body.attributes()));
        List<String> errors = new ArrayList<>();
        identifiers(body.identifiers(), "", errors).forEach(grpcRequest::addIdentifiers);
        InvalidRequestException.throwIfAny(errors);
        if (body.id() != null) {
            grpcRequest.setCustomerId(body.id());
        }
        String id = relationships.forWorkspace(Workspace.of(request)).registerCustomer(grpcRequest.build()).getCustomerId();
        return ResponseEntity.created(URI.create("/v1/customers/" + id)).body(new CustomerRequests.Registered(id));
    }

    /**
     * Registers or updates up to 1,000 customers: profile, attributes, identifiers and consents (with source and
     * time), each found by id or by an identifier. One invalid customer refuses the batch and stores nothing; each
     * valid one gets its own result, in request order (a customer whose identifiers belong to someone else gets
     * CONFLICT, the others are stored). Sending the same batch again answers UNCHANGED.
     */
    @Operation(operationId = "upsertCustomers", summary = "Register or update customers (up to 1000 per call)")
    @PostMapping("/v1/customers/batch")
    CustomerRequests.UpsertedBatch upsert(@RequestBody CustomerRequests.UpsertCustomers body,
                                          HttpServletRequest request) {
        if (body.customers() == null || body.customers().isEmpty()) {
            throw new InvalidRequestException(List.of("customers: at least one customer is required"));
        }
        if (body.customers().size() > MAX_BATCH) {
            throw new InvalidRequestException(List.of("customers: at most " + MAX_BATCH + " per batch, got "
                    + body.customers().size() + "; split the batch"));
        }
        List<String> errors = new ArrayList<>();
        UpsertCustomersRequest.Builder grpcRequest = UpsertCustomersRequest.newBuilder();
        for (int i = 0; i < body.customers().size(); i++) {
            CustomerRequests.UpsertCustomer item = body.customers().get(i);
            String at = "customers[" + i + "]";
            if (item == null) {
                errors.add(at + ": must be an object");
                continue;
            }
            CustomerUpsert.Builder customer = CustomerUpsert.newBuilder().setProfile(profile(item.firstName(),
                    item.lastName(), item.email(), item.phone(), item.timeZone(), item.locale(), item.attributes()));
            setIfPresent(item.id(), customer::setCustomerId);
            identifiers(item.identifiers(), at + ".", errors).forEach(customer::addIdentifiers);
            List<CustomerRequests.ConsentBody> consents = item.consents() == null ? List.of() : item.consents();
            for (int c = 0; c < consents.size(); c++) {
                consent(consents.get(c), at + ".consents[" + c + "]", errors).ifPresent(customer::addConsents);
            }
            grpcRequest.addCustomers(customer);
        }
        InvalidRequestException.throwIfAny(errors);
        UpsertCustomersResponse response = relationships.forWorkspace(Workspace.of(request), BATCH_DEADLINE)
                .upsertCustomers(grpcRequest.build());
        return new CustomerRequests.UpsertedBatch(response.getResultsList().stream()
                .map(r -> new CustomerRequests.Upserted(r.getCustomerId().isEmpty() ? null : r.getCustomerId(),
                        r.getOutcome().name().substring("OUTCOME_".length()),
                        r.getMessage().isEmpty() ? null : r.getMessage()))
                .toList());
    }

    private static CustomerProfile profile(String firstName, String lastName, String email, String phone,
                                           String timeZone, String locale, java.util.Map<String, String> attributes) {
        CustomerProfile.Builder profile = CustomerProfile.newBuilder();
        setIfPresent(firstName, profile::setFirstName);
        setIfPresent(lastName, profile::setLastName);
        setIfPresent(email, profile::setEmail);
        setIfPresent(phone, profile::setPhone);
        setIfPresent(timeZone, profile::setTimeZone);
        setIfPresent(locale, profile::setLocale);
        if (attributes != null) {
            profile.putAllAttributes(attributes);
        }
        return profile.build();
    }

    private static List<Identifier> identifiers(List<CustomerRequests.IdentifierBody> bodies, String at,
                                                List<String> errors) {
        List<Identifier> identifiers = new ArrayList<>();
        if (bodies != null) {
            for (int i = 0; i < bodies.size(); i++) {
                identifier(bodies.get(i), at + "identifiers[" + i + "]", errors).ifPresent(identifiers::add);
            }
        }
        return identifiers;
    }

    private static java.util.Optional<ConsentChange> consent(CustomerRequests.ConsentBody body, String at,
                                                             List<String> errors) {
        if (body == null) {
            errors.add(at + ": must be an object");
            return java.util.Optional.empty();
        }
        var channel = RequestValues.enumValue(body.channel(), "CHANNEL_", Channel.class, at + ".channel", errors);
        if (body.granted() == null) {
            errors.add(at + ".granted: required, true to grant or false to withdraw");
        }
        if (channel.isEmpty() || body.granted() == null) {
            return java.util.Optional.empty();
        }
        ConsentChange.Builder change = ConsentChange.newBuilder().setChannel(channel.get()).setGranted(body.granted());
        setIfPresent(body.purpose(), change::setPurpose);
        setIfPresent(body.source(), change::setSource);
        if (body.at() != null) {
            change.setChangeTime(RequestValues.timestamp(body.at()));
        }
        return java.util.Optional.of(change.build());
    }

    record CustomerPage(List<CustomerResponses> items, String nextCursor) {
    }

    /**
     * The workspace's current customers, in id order (merged-away and forgotten ones left out), each as
     * {@code GET /v1/customers/{id}} answers; {@code nextCursor} continues the list and is null on the last page.
     */
    @Operation(operationId = "listCustomers", summary = "Page through the workspace's customers")
    @GetMapping("/v1/customers")
    CustomerPage list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                      @RequestParam(required = false) String horizonDays, HttpServletRequest request) {
        ListRelationshipsRequest.Builder grpcRequest = ListRelationshipsRequest.newBuilder();
        List<String> errors = new ArrayList<>();
        RequestValues.page(limit, cursor, 500, errors, grpcRequest::setPageSize, grpcRequest::setPageToken);
        RequestValues.integer(horizonDays, "horizonDays", 1, 3_650, errors).ifPresent(grpcRequest::setHorizonDays);
        InvalidRequestException.throwIfAny(errors);
        ListRelationshipsResponse page = relationships.forWorkspace(Workspace.of(request))
                .listRelationships(grpcRequest.build());
        return new CustomerPage(page.getRelationshipsList().stream().map(CustomerResponses::of).toList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    /**
     * The relationship now, or in the past: {@code asOf} (business time: what had happened by then) and
     * {@code knownAt} (system time: what Rapport knew then), ISO-8601 instants; the prediction looks
     * {@code horizonDays} ahead (365 by default).
     */
    @Operation(operationId = "getCustomer", summary = "Get a customer's relationship (optionally as of a past time)")
    @GetMapping("/v1/customers/{id}")
    CustomerResponses get(@PathVariable String id, @RequestParam(required = false) String asOf,
                          @RequestParam(required = false) String knownAt,
                          @RequestParam(required = false) String horizonDays, HttpServletRequest request) {
        GetRelationshipRequest.Builder grpcRequest = GetRelationshipRequest.newBuilder().setCustomerId(id);
        List<String> errors = new ArrayList<>();
        RequestValues.integer(horizonDays, "horizonDays", 1, 3_650, errors).ifPresent(grpcRequest::setHorizonDays);
        RequestValues.instant(asOf, "asOf", errors).ifPresent(t -> grpcRequest.setAsOfTime(RequestValues.timestamp(t)));
        RequestValues.instant(knownAt, "knownAt", errors).ifPresent(t -> grpcRequest.setKnownTime(RequestValues.timestamp(t)));
        InvalidRequestException.throwIfAny(errors);
        return CustomerResponses.of(relationships.forWorkspace(Workspace.of(request))
                .getRelationship(grpcRequest.build()).getRelationship());
    }

    record Forgotten(String id, boolean forgotten) {
    }

    /**
     * Right to erasure: the customer's personal data becomes unreadable everywhere it was stored; what they bought
     * stays, anonymous, in counts and models. {@code forgotten} is false if they had been forgotten before.
     */
    @Operation(operationId = "forgetCustomer", summary = "Forget (erase) a customer")
    @DeleteMapping("/v1/customers/{id}")
    Forgotten forget(@PathVariable String id, HttpServletRequest request) {
        return new Forgotten(id, relationships.forWorkspace(Workspace.of(request))
                .forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId(id).build()).getForgotten());
    }

    /** Records up to 1,000 interactions; one invalid interaction refuses the batch and stores nothing. */
    @Operation(operationId = "recordInteractions", summary = "Record interactions (up to 1000 per call)")
    @PostMapping("/v1/interactions")
    CustomerRequests.Recorded record(@RequestBody CustomerRequests.RecordInteractions body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        if (body.interactions() == null || body.interactions().isEmpty()) {
            throw new InvalidRequestException(List.of("interactions: at least one interaction is required"));
        }
        if (body.interactions().size() > MAX_BATCH) {
            throw new InvalidRequestException(List.of("interactions: at most " + MAX_BATCH
                    + " per batch, got " + body.interactions().size() + "; split the batch"));
        }
        RecordInteractionsRequest.Builder grpcRequest = RecordInteractionsRequest.newBuilder();
        for (int i = 0; i < body.interactions().size(); i++) {
            CustomerRequests.InteractionBody item = body.interactions().get(i);
            String at = "interactions[" + i + "].";
            if (item == null) {
                errors.add(at.substring(0, at.length() - 1) + ": must be an object");
                continue;
            }
            grpcRequest.addInteractions(interaction(item, at, errors));
        }
        InvalidRequestException.throwIfAny(errors);
        RecordInteractionsResponse response = relationships.forWorkspace(Workspace.of(request))
                .recordInteractions(grpcRequest.build());
        return new CustomerRequests.Recorded(response.getResultsList().stream()
                .map(r -> new CustomerRequests.Result(r.getEventId(), r.getCustomerId(),
                        r.getOutcome().name().substring("OUTCOME_".length())))
                .toList());
    }

    private static Interaction interaction(CustomerRequests.InteractionBody item, String at, List<String> errors) {
        Interaction.Builder builder = Interaction.newBuilder();
        required(item.eventId(), at + "eventId", errors).ifPresent(builder::setEventId);
        if (item.customerIdentifier() != null) {
            identifier(item.customerIdentifier(), at + "customerIdentifier", errors).ifPresent(builder::setCustomerIdentifier);
            if (item.customerId() != null) {
                errors.add(at + "customerId: give customerId or customerIdentifier, not both");
            }
        } else {
            required(item.customerId(), at + "customerId", errors).ifPresent(builder::setCustomerId);
        }
        RequestValues.enumValue(item.channel(), "CHANNEL_", Channel.class, at + "channel", errors).ifPresent(builder::setChannel);
        RequestValues.enumValue(item.direction(), "DIRECTION_", Direction.class, at + "direction", errors).ifPresent(builder::setDirection);
        RequestValues.enumValue(item.kind(), "INTERACTION_KIND_", InteractionKind.class, at + "kind", errors).ifPresent(builder::setKind);
        if (item.occurredAt() == null) {
            errors.add(at + "occurredAt: required, an ISO-8601 instant such as 2026-01-31T09:30:00Z");
        } else {
            builder.setOccurTime(RequestValues.timestamp(item.occurredAt()));
        }
        setIfPresent(item.amount() == null ? null : item.amount().toPlainString(), builder::setAmount);
        setIfPresent(item.currency(), builder::setCurrency);
        setIfPresent(item.content(), builder::setContent);
        setIfPresent(item.reference(), builder::setReference);
        setIfPresent(item.campaignId(), builder::setCampaignId);
        setIfPresent(item.messageId(), builder::setMessageId);
        if (item.tags() != null) builder.addAllTags(item.tags());
        return builder.build();
    }

    static java.util.Optional<Identifier> identifier(CustomerRequests.IdentifierBody body, String field,
                                                     List<String> errors) {
        if (body == null) {
            errors.add(field + ": must be an object with type and value");
            return java.util.Optional.empty();
        }
        var type = RequestValues.enumValue(body.type(), "IDENTIFIER_TYPE_", IdentifierType.class, field + ".type", errors);
        var value = required(body.value(), field + ".value", errors);
        return type.isPresent() && value.isPresent()
                ? java.util.Optional.of(Identifier.newBuilder().setType(type.get()).setValue(value.get()).build())
                : java.util.Optional.empty();
    }

    /** Lets the customer be recognized by one more identifier; 409 when another customer holds it. */
    @Operation(operationId = "linkIdentifier",
            summary = "Link an identifier (e-mail, phone, social handle, external id)")
    @PostMapping("/v1/customers/{id}/identifiers")
    CustomerRequests.Linked link(@PathVariable String id, @RequestBody CustomerRequests.IdentifierBody body,
                                 HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        var identifier = identifier(body, "identifier", errors);
        InvalidRequestException.throwIfAny(errors);
        return new CustomerRequests.Linked(id, relationships.forWorkspace(Workspace.of(request)).linkIdentifier(
                LinkIdentifierRequest.newBuilder().setCustomerId(id).setIdentifier(identifier.orElseThrow()).build())
                .getLinked());
    }

    /** Merges {@code mergedCustomerId} into this customer: one relationship, both histories, until unmerged. */
    @Operation(operationId = "mergeCustomers", summary = "Merge another customer into this one")
    @PostMapping("/v1/customers/{id}/merges")
    CustomerRequests.Merged merge(@PathVariable String id, @RequestBody CustomerRequests.Merge body,
                                  HttpServletRequest request) {
        String merged = body.mergedCustomerId();
        if (merged == null || merged.isBlank()) {
            throw new InvalidRequestException(List.of("mergedCustomerId: required"));
        }
        relationships.forWorkspace(Workspace.of(request)).mergeCustomers(MergeCustomersRequest.newBuilder()
                .setSurvivorCustomerId(id).setMergedCustomerId(merged).build());
        return new CustomerRequests.Merged(id, merged, true);
    }

    /** Undoes a merge: each customer has their own relationship again. */
    @Operation(operationId = "unmergeCustomers", summary = "Undo a merge")
    @DeleteMapping("/v1/customers/{id}/merges/{mergedCustomerId}")
    CustomerRequests.Merged unmerge(@PathVariable String id, @PathVariable String mergedCustomerId,
                                    HttpServletRequest request) {
        relationships.forWorkspace(Workspace.of(request)).unmergeCustomers(UnmergeCustomersRequest.newBuilder()
                .setSurvivorCustomerId(id).setMergedCustomerId(mergedCustomerId).build());
        return new CustomerRequests.Merged(id, mergedCustomerId, false);
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static java.util.Optional<String> required(String value, String field, List<String> errors) {
        if (value == null || value.isBlank()) {
            errors.add(field + ": required");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(value);
    }
}
