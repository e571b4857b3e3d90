package io.rapport.relationship.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.rapport.platform.grpc.RapportExceptionHandler;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.CustomerUpserts;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.ResolveCustomerQuery;
import io.rapport.relationship.api.UpsertCustomerCommand;
import io.rapport.relationship.api.UpsertCustomerCommand.Outcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Upserts a batch of checked customers, from the API or from a customer file: finds whom each one is (their id, or
 * whoever holds one of their identifiers, or a new customer), then sends one command per customer, customers
 * concurrently and a customer's own items in order. A customer whose identifiers belong to someone else gets
 * CONFLICT and the others go on.
 */
@Component
public class CustomerUpsertSender implements CustomerUpserts {

    private static final long TIMEOUT_SECONDS = 60;
    private static final int RETRIES = 5;

    private final CommandGateway commands;
    private final IdentityRegistry registry;

    public CustomerUpsertSender(CommandGateway commands, IdentityRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    /**
     * Customers go concurrently, except that a customer's items go in order, and so does an item after an earlier
     * item of the batch that names one of its identifiers: the earlier row of a file wins an identifier, whatever the
     * threads do.
     */
    @Override
    public List<Result> upsert(String tenant, List<CustomerUpsert> items) {
        Result[] results = new Result[items.size()];
        Map<String, String> holders = new HashMap<>();
        Map<String, String> firstNamedBy = new HashMap<>();
        Map<String, CompletableFuture<Void>> latestOf = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            CustomerUpsert item = items.get(i);
            List<Identifier> identifiers = item.allIdentifiers();
            String customerId = item.customerId();
            if (customerId == null) {
                Set<String> named = new LinkedHashSet<>();
                for (Identifier identifier : identifiers) {
                    String holder = holders.computeIfAbsent(identifier.key(),
                            key -> registry.handle(new ResolveCustomerQuery(tenant, identifier)));
                    if (holder != null) {
                        named.add(holder);
                    }
                }
                if (named.size() > 1) {
                    results[i] = new Result("", Outcome.CONFLICT, "the identifiers belong to different customers "
                            + named + "; merge them if they are one person");
                    continue;
                }
                customerId = named.isEmpty() ? identifiers.get(0).newCustomerId() : named.iterator().next();
                for (Identifier identifier : identifiers) {
                    holders.putIfAbsent(identifier.key(), customerId);
                }
            }
            List<CompletableFuture<Void>> before = new ArrayList<>();
            before.add(latestOf.getOrDefault(customerId, CompletableFuture.completedFuture(null)));
            for (Identifier identifier : identifiers) {
                String first = firstNamedBy.putIfAbsent(identifier.key(), customerId);
                if (first != null && !first.equals(customerId)) {
                    before.add(latestOf.get(first));
                }
            }
            int position = i;
            UpsertCustomerCommand command = new UpsertCustomerCommand(RelationshipIds.of(tenant, customerId), tenant,
                    customerId, item.profile(), item.identifiers(), item.consents());
            latestOf.put(customerId, CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                    .thenCompose(ignored -> send(command, RETRIES))
                    .thenAccept(result -> results[position] = result));
        }
        CompletableFuture.allOf(latestOf.values().toArray(CompletableFuture[]::new))
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        return List.of(results);
    }

    /** Live traffic for the same new customer can win the race to create them; the command is safe to repeat. */
    private CompletableFuture<Result> send(UpsertCustomerCommand command, int attemptsLeft) {
        return commands.<Outcome>send(command)
                .thenApply(outcome -> new Result(command.customerId(), outcome, ""))
                .exceptionallyCompose(failure -> {
                    Throwable cause = RapportExceptionHandler.unwrap(failure);
                    if (cause instanceof RequestRejectedException rejected
                            && rejected.status().getCode() == Status.Code.ALREADY_EXISTS) {
                        return CompletableFuture.completedFuture(new Result(command.customerId(), Outcome.CONFLICT,
                                rejected.getMessage()));
                    }
                    if (cause instanceof ConcurrencyException && attemptsLeft > 1) {
                        return send(command, attemptsLeft - 1);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }
}
