package io.rapport.messaging.query;

import static com.mongodb.client.model.Filters.eq;

import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import io.rapport.messaging.api.MessageChannel;
import org.bson.Document;

/**
 * How an inbound message finds its conversation ({@code conversation_threads}): by the e-mail it replies to or
 * references (an agent's reply, or the customer's earlier e-mail), by the provider's thread id, or by its own id
 * when it was received before. Also maps each dispatched message's provider id (an e-mail's Message-ID) back to
 * the message, so a reply to a campaign e-mail is recorded as a reply to it.
 */
public class ConversationThreads {

    private final MongoCollection<Document> threads;

    public ConversationThreads(MongoDatabase database) {
        this.threads = database.getCollection("conversation_threads");
    }

    public void rememberInbound(String tenant, MessageChannel channel, String inboundId, String conversationId) {
        put(tenant, "inbound:" + channel + ":" + inboundId, conversationId);
    }

    public void rememberThread(String tenant, MessageChannel channel, String threadId, String conversationId) {
        put(tenant, "thread:" + channel + ":" + threadId, conversationId);
    }

    public void rememberReply(String tenant, String messageId, String conversationId) {
        put(tenant, "message:" + messageId, conversationId);
    }

    public void rememberDispatch(String tenant, String providerMessageId, String messageId) {
        put(tenant, "provider:" + providerMessageId, messageId);
    }

    public Optional<String> byInbound(String tenant, MessageChannel channel, String inboundId) {
        return get(tenant, "inbound:" + channel + ":" + inboundId);
    }

    public Optional<String> byThread(String tenant, MessageChannel channel, String threadId) {
        return get(tenant, "thread:" + channel + ":" + threadId);
    }

    public Optional<String> byReply(String tenant, String messageId) {
        return get(tenant, "message:" + messageId);
    }

    /** The message a provider id (an e-mail's Message-ID) belongs to. */
    public Optional<String> byProviderId(String tenant, String providerMessageId) {
        return get(tenant, "provider:" + providerMessageId);
    }

    private void put(String tenant, String key, String value) {
        String id = tenant + "|" + key;
        threads.replaceOne(eq("_id", id), new Document("_id", id).append("to", value),
                new ReplaceOptions().upsert(true));
    }

    private Optional<String> get(String tenant, String key) {
        Document found = threads.find(eq("_id", tenant + "|" + key)).first();
        return found == null ? Optional.empty() : Optional.of(found.getString("to"));
    }
}
