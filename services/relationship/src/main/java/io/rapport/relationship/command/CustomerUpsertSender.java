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

    @Override
    public List<Result> upsert(String tenant, List<CustomerUpsert> items) {
        Result[] results = new Result[items.size()];
        Map<String, List<Integer>> positionsByCustomer = new LinkedHashMap<>();
        Map<String, String> holders = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            CustomerUpsert item = items.get(i);
            String customerId = item.customerId();
            if (customerId == null) {
                Set<String> named = new LinkedHashSet<>();
                for (Identifier identifier : item.allIdentifiers()) {
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
                customerId = named.isEmpty() ? item.allIdentifiers().get(0).newCustomerId() : named.iterator().next();
                for (Identifier identifier : item.allIdentifiers()) {
                    holders.putIfAbsent(identifier.key(), customerId);
                }
            }
            positionsByCustomer.computeIfAbsent(customerId, c -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        positionsByCustomer.forEach((customerId, positions) -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int position : positions) {
                CustomerUpsert item = items.get(position);
                UpsertCustomerCommand command = new UpsertCustomerCommand(RelationshipIds.of(tenant, customerId), tenant,
                        customerId, item.profile(), item.identifiers(), item.consents());
                chain = chain.thenCompose(ignored -> send(command, RETRIES))
                        .thenAccept(result -> results[position] = result);
            }
            sent.add(chain);
        });
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .join();
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
