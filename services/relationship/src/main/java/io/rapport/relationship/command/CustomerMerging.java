package io.rapport.relationship.command;

import java.time.Instant;

import io.rapport.relationship.api.MergeCustomersCommand;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.UnmergeCustomersCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Merges and unmerges two customers in one unit of work: both relationships record it, or neither does. The
 * merged customer keeps their own history (events recorded for them later included); the survivor's view folds
 * it in for as long as the merge lasts.
 */
@Component
public class CustomerMerging {

    private final Repository<CustomerRelationship> relationships;

    public CustomerMerging(@Lazy Repository<CustomerRelationship> relationships) {
        this.relationships = relationships;
    }

    @CommandHandler
    public void handle(MergeCustomersCommand command) {
        if (command.survivorCustomerId().equals(command.mergedCustomerId())) {
            throw new IllegalArgumentException("mergedCustomerId: a customer cannot be merged into itself");
        }
        Instant at = Instant.now();
        Aggregate<CustomerRelationship> survivor = load(command.tenant(), command.survivorCustomerId());
        Aggregate<CustomerRelationship> merged = load(command.tenant(), command.mergedCustomerId());
        survivor.execute(relationship -> relationship.absorb(command.mergedCustomerId(), at));
        merged.execute(relationship -> relationship.mergeInto(command.survivorCustomerId(), at));
    }

    @CommandHandler
    public void handle(UnmergeCustomersCommand command) {
        Instant at = Instant.now();
        Aggregate<CustomerRelationship> survivor = load(command.tenant(), command.survivorCustomerId());
        Aggregate<CustomerRelationship> merged = load(command.tenant(), command.mergedCustomerId());
        survivor.execute(relationship -> relationship.release(command.mergedCustomerId(), at));
        merged.execute(relationship -> relationship.splitFrom(command.survivorCustomerId(), at));
    }

    private Aggregate<CustomerRelationship> load(String tenant, String customerId) {
        return relationships.load(RelationshipIds.of(tenant, customerId));
    }
}
