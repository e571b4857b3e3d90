package io.rapport.relationship.command;

import static com.mongodb.client.model.Filters.eq;


import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.ResolveCustomerQuery;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Who holds which identifier in a workspace: a set-wide fact a single customer's aggregate cannot check alone. Claims are made while a command runs and withdrawn if it
 * fails. Identifiers are indexed by a digest, so the index holds no readable personal data.
 */
@Component
public class IdentityRegistry {

    private final MongoCollection<Document> identifiers;

    public IdentityRegistry(MongoDatabase database) {
        this.identifiers = database.getCollection("identifier_index");
    }

    /**
     * Claims the identifier for the customer, or refuses with ALREADY_EXISTS when another customer holds it. A
     * claim made by a command that then fails is withdrawn.
     */
    void claim(String tenant, Identifier identifier, String customerId) {
        String key = tenant + "|" + identifier.digest();
        try {
            identifiers.insertOne(new Document("_id", key).append("customerId", customerId));
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().onRollback(unitOfWork -> identifiers.deleteOne(eq("_id", key)));
            }
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document holder = identifiers.find(eq("_id", key)).first();
            String owner = holder == null ? null : holder.getString("customerId");
            if (!customerId.equals(owner)) {
                throw RequestRejectedException.alreadyExists(identifier.type() + " identifier is already held by "
                        + "customer '" + owner + "' of this workspace; merge the customers if they are one person");
            }
        }
    }

    /** Frees a forgotten customer's identifiers for whoever uses them next. */
    void release(String tenant, java.util.Collection<String> digests) {
        digests.forEach(digest -> identifiers.deleteOne(eq("_id", tenant + "|" + digest)));
    }

    /** The customer holding an identifier; null if nobody does. */
    @QueryHandler
    public String handle(ResolveCustomerQuery query) {
        Document holder = identifiers.find(eq("_id", query.tenant() + "|" + query.identifier().digest())).first();
        return holder == null ? null : holder.getString("customerId");
    }
}
