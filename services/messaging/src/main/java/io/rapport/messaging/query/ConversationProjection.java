package io.rapport.messaging.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.rapport.messaging.api.AgentRepliedEvent;
import io.rapport.messaging.api.ConversationAssignedEvent;
import io.rapport.messaging.api.ConversationPage;
import io.rapport.messaging.api.ConversationStatus;
import io.rapport.messaging.api.ConversationStatusChangedEvent;
import io.rapport.messaging.api.ConversationView;
import io.rapport.messaging.api.InboundMessageReceivedEvent;
import io.rapport.messaging.api.ListConversationsQuery;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The workspace's conversations for lists ({@code conversations}: status, channel, assignee, complaint flag,
 * times; no message text, which stays sealed in the events) and the threading keys of {@link ConversationThreads}.
 * Each change re-folds the conversation from its events, so a replay or a repeat writes the same document.
 */
@ProcessingGroup(ConversationProjection.PROCESSING_GROUP)
public class ConversationProjection {

    public static final String PROCESSING_GROUP = "conversations";

    private final MongoCollection<Document> conversations;
    private final ConversationHistory history;
    private final ConversationThreads threads;

    public ConversationProjection(MongoDatabase database, ConversationHistory history, ConversationThreads threads) {
        this.conversations = database.getCollection("conversations");
        this.history = history;
        this.threads = threads;
        conversations.createIndex(Indexes.ascending("tenant", "lastMessageAt"));
    }

    @EventHandler
    void on(InboundMessageReceivedEvent event) {
        threads.rememberInbound(event.tenant(), event.channel(), event.inboundId(), event.conversationId());
        if (event.threadId() != null) {
            threads.rememberThread(event.tenant(), event.channel(), event.threadId(), event.conversationId());
        }
        refresh(event.tenant(), event.conversationId());
    }

    @EventHandler
    void on(AgentRepliedEvent event) {
        threads.rememberReply(event.tenant(), event.messageId(), event.conversationId());
        refresh(event.tenant(), event.conversationId());
    }

    @EventHandler
    void on(ConversationStatusChangedEvent event) {
        refresh(event.tenant(), event.conversationId());
    }

    @EventHandler
    void on(ConversationAssignedEvent event) {
        refresh(event.tenant(), event.conversationId());
    }

    /** A customer replying to this e-mail names its Message-ID: remember whose it is. */
    @EventHandler
    void on(MessageDispatchedEvent event) {
        if (event.providerMessageId() != null) {
            threads.rememberDispatch(event.tenant(), event.providerMessageId(), event.messageId());
        }
    }

    private void refresh(String tenant, String conversationId) {
        ConversationView view = history.fold(conversationId);
        if (view == null) {
            return;
        }
        Document document = new Document("_id", conversationId).append("tenant", tenant)
                .append("customerId", view.customerId()).append("channel", view.channel().name())
                .append("status", view.status().name()).append("assignee", view.assignee())
                .append("flagged", view.flaggedComplaint()).append("startedAt", Date.from(view.startedAt()))
                .append("lastMessageAt", Date.from(view.lastMessageAt()))
                .append("firstResponseAt", view.firstResponseAt() == null ? null : Date.from(view.firstResponseAt()))
                .append("inbound", view.inboundCount()).append("replies", view.replyCount())
                .append("lastSentiment", view.lastSentiment());
        conversations.replaceOne(eq("_id", conversationId), document, new ReplaceOptions().upsert(true));
    }

    /** The customer's most recently active conversation on the channel that is not closed. */
    public Optional<String> latestActive(String tenant, String customerId, MessageChannel channel) {
        Document found = conversations.find(and(eq("tenant", tenant), eq("customerId", customerId),
                        eq("channel", channel.name()), ne("status", ConversationStatus.CLOSED.name())))
                .sort(Sorts.descending("lastMessageAt")).first();
        return found == null ? Optional.empty() : Optional.of(found.getString("_id"));
    }

    @QueryHandler
    public ConversationPage handle(ListConversationsQuery query) {
        List<Bson> filters = new ArrayList<>();
        filters.add(eq("tenant", query.tenant()));
        if (query.status() != null) {
            filters.add(eq("status", query.status().name()));
        }
        if (query.channel() != null) {
            filters.add(eq("channel", query.channel().name()));
        }
        if (query.flaggedComplaint() != null) {
            filters.add(eq("flagged", query.flaggedComplaint()));
        }
        if (query.assignee() != null) {
            filters.add(eq("assignee", query.assignee().isEmpty() ? null : query.assignee()));
        }
        if (query.customerId() != null) {
            filters.add(eq("customerId", query.customerId()));
        }
        if (query.after() != null) {
            Cursor cursor = Cursor.parse(query.after());
            filters.add(or(lt("lastMessageAt", cursor.lastMessageAt()),
                    and(eq("lastMessageAt", cursor.lastMessageAt()), lt("_id", cursor.id()))));
        }
        List<ConversationView> page = new ArrayList<>();
        List<Document> found = conversations.find(and(filters))
                .sort(Sorts.orderBy(Sorts.descending("lastMessageAt"), Sorts.descending("_id")))
                .limit(query.pageSize() + 1).into(new ArrayList<>());
        for (Document document : found.subList(0, Math.min(query.pageSize(), found.size()))) {
            page.add(summary(document));
        }
        String next = found.size() > query.pageSize()
                ? new Cursor(found.get(query.pageSize() - 1).getDate("lastMessageAt"),
                found.get(query.pageSize() - 1).getString("_id")).encode() : null;
        return new ConversationPage(List.copyOf(page), next);
    }

    private static ConversationView summary(Document document) {
        Date firstResponse = document.getDate("firstResponseAt");
        return new ConversationView(document.getString("_id"), document.getString("customerId"),
                MessageChannel.valueOf(document.getString("channel")),
                ConversationStatus.valueOf(document.getString("status")), document.getString("assignee"),
                document.getBoolean("flagged", false), null, document.getDate("startedAt").toInstant(),
                document.getDate("lastMessageAt").toInstant(), firstResponse == null ? null : firstResponse.toInstant(),
                document.getInteger("inbound", 0), document.getInteger("replies", 0),
                document.getDouble("lastSentiment"), List.of());
    }

    /** Where a page ends: opaque to clients. */
    private record Cursor(Date lastMessageAt, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (lastMessageAt.getTime() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String token) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                return new Cursor(new Date(Long.parseLong(decoded.substring(0, bar))), decoded.substring(bar + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw RequestRejectedException.invalid("cursor: not a cursor this service gave out");
            }
        }
    }
}
