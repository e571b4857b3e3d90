package io.rapport.messaging.grpc;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.grpc.stub.StreamObserver;
import io.rapport.messaging.api.ConversationPage;
import io.rapport.messaging.api.ConversationView;
import io.rapport.messaging.api.FindConversationQuery;
import io.rapport.messaging.api.FindMessageQuery;
import io.rapport.messaging.api.ListConversationsQuery;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageIds;
import io.rapport.messaging.api.MessagePreview;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.MessageStatus;
import io.rapport.messaging.api.MessageTemplate;
import io.rapport.messaging.api.MessageView;
import io.rapport.messaging.api.PreviewMessageQuery;
import io.rapport.messaging.api.RecordEngagementCommand;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.api.UpdateConversationCommand;
import io.rapport.messaging.channel.TrackingLinks;
import io.rapport.messaging.inbound.AgentReplies;
import io.rapport.messaging.inbound.InboundReceiver;
import io.rapport.messaging.inbound.InboundSignatures;
import io.rapport.messaging.policy.WorkspaceSettings;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.messaging.v1.GetConversationRequest;
import io.rapport.proto.messaging.v1.GetConversationResponse;
import io.rapport.proto.messaging.v1.GetInboundSecretRequest;
import io.rapport.proto.messaging.v1.GetInboundSecretResponse;
import io.rapport.proto.messaging.v1.GetMessageRequest;
import io.rapport.proto.messaging.v1.GetMessageResponse;
import io.rapport.proto.messaging.v1.GetMessagingSettingsRequest;
import io.rapport.proto.messaging.v1.GetMessagingSettingsResponse;
import io.rapport.proto.messaging.v1.ListConversationsRequest;
import io.rapport.proto.messaging.v1.ListConversationsResponse;
import io.rapport.proto.messaging.v1.Message;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import io.rapport.proto.messaging.v1.MessagingSettings;
import io.rapport.proto.messaging.v1.PreviewMessageRequest;
import io.rapport.proto.messaging.v1.PreviewMessageResponse;
import io.rapport.proto.messaging.v1.ReceiveInboundRequest;
import io.rapport.proto.messaging.v1.ReceiveInboundResponse;
import io.rapport.proto.messaging.v1.RecordEngagementRequest;
import io.rapport.proto.messaging.v1.RecordEngagementResponse;
import io.rapport.proto.messaging.v1.ReplyToConversationRequest;
import io.rapport.proto.messaging.v1.ReplyToConversationResponse;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import io.rapport.proto.messaging.v1.SendMessageResponse;
import io.rapport.proto.messaging.v1.UpdateConversationRequest;
import io.rapport.proto.messaging.v1.UpdateConversationResponse;
import io.rapport.proto.messaging.v1.UpdateMessagingSettingsRequest;
import io.rapport.proto.messaging.v1.UpdateMessagingSettingsResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

/** The messaging service's gRPC face: validates and translates, then sends commands and queries. */
@Service
public class MessagingGrpcService extends MessagingServiceGrpc.MessagingServiceImplBase {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:@+-]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_TEMPLATE = 100_000;
    private static final int MAX_INBOUND_BYTES = 1_000_000;
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TrackingLinks links;
    private final InboundReceiver inbound;
    private final InboundSignatures signatures;
    private final AgentReplies replies;
    private final WorkspaceSettings workspaceSettings;

    public MessagingGrpcService(CommandGateway commands, QueryGateway queries, TrackingLinks links,
                                InboundReceiver inbound, InboundSignatures signatures, AgentReplies replies,
                                WorkspaceSettings workspaceSettings) {
        this.workspaceSettings = workspaceSettings;
        this.commands = commands;
        this.queries = queries;
        this.links = links;
        this.inbound = inbound;
        this.signatures = signatures;
        this.replies = replies;
    }

    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> response) {
        String tenant = Tenancy.currentTenant();
        List<String> problems = new ArrayList<>();
        id(request.getIdempotencyKey(), "idempotencyKey", problems);
        id(request.getCustomerId(), "customerId", problems);
        MessageChannel channel = enumValue(request.getChannel().name(), "MESSAGE_CHANNEL_", MessageChannel.class,
                "channel", problems);
        MessagePurpose purpose = enumValue(request.getPurpose().name(), "MESSAGE_PURPOSE_", MessagePurpose.class,
                "purpose", problems);
        if (channel == MessageChannel.EMAIL && !request.getRecipient().isEmpty()
                && !EMAIL.matcher(request.getRecipient()).matches()) {
            problems.add("recipient: not an e-mail address (leave it empty to use the customer's)");
        }
        template(request.getTemplate(), problems);
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        MessageStatus status = commands.sendAndWait(new SendMessageCommand(
                MessageIds.of(tenant, request.getIdempotencyKey()), tenant, request.getIdempotencyKey(),
                request.getCustomerId(), channel, purpose,
                request.getRecipient().isEmpty() ? null : request.getRecipient(), template(request.getTemplate()),
                request.getVariablesMap()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        SendMessageResponse.Builder reply = SendMessageResponse.newBuilder()
                .setMessageId(request.getIdempotencyKey()).setState(status.state());
        if (status.reason() != null) {
            reply.setReason(status.reason());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void previewMessage(PreviewMessageRequest request, StreamObserver<PreviewMessageResponse> response) {
        List<String> problems = new ArrayList<>();
        id(request.getCustomerId(), "customerId", problems);
        MessageChannel channel = enumValue(request.getChannel().name(), "MESSAGE_CHANNEL_", MessageChannel.class,
                "channel", problems);
        template(request.getTemplate(), problems);
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        MessagePreview preview = queries.query(new PreviewMessageQuery(Tenancy.currentTenant(),
                request.getCustomerId(), channel, template(request.getTemplate()), request.getVariablesMap()),
                MessagePreview.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        PreviewMessageResponse.Builder reply = PreviewMessageResponse.newBuilder()
                .setChannel(io.rapport.proto.messaging.v1.MessageChannel.valueOf("MESSAGE_CHANNEL_" + preview.channel()));
        if (preview.recipient() != null) {
            reply.setRecipient(preview.recipient());
        }
        if (preview.refusal() != null) {
            reply.setRefusal(preview.refusal());
        } else {
            reply.setBody(preview.body());
            if (preview.subject() != null) {
                reply.setSubject(preview.subject());
            }
            if (preview.html() != null) {
                reply.setHtml(preview.html());
            }
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void getMessage(GetMessageRequest request, StreamObserver<GetMessageResponse> response) {
        String tenant = Tenancy.currentTenant();
        MessageView view = queries.query(new FindMessageQuery(MessageIds.of(tenant, request.getMessageId())),
                MessageView.class).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no message '" + request.getMessageId() + "' in this workspace");
        }
        Message.Builder message = Message.newBuilder().setMessageId(request.getMessageId())
                .setIdempotencyKey(view.idempotencyKey()).setCustomerId(view.customerId())
                .setChannel(io.rapport.proto.messaging.v1.MessageChannel.valueOf("MESSAGE_CHANNEL_" + view.channel()))
                .setPurpose(io.rapport.proto.messaging.v1.MessagePurpose.valueOf("MESSAGE_PURPOSE_" + view.purpose()))
                .setState(view.state());
        if (view.reason() != null) {
            message.setReason(view.reason());
        }
        view.history().forEach(step -> {
            Message.Step.Builder built = Message.Step.newBuilder().setState(step.state()).setTime(ProtoTime.timestamp(step.at()));
            if (step.detail() != null) {
                built.setDetail(step.detail());
            }
            message.addHistory(built);
        });
        response.onNext(GetMessageResponse.newBuilder().setMessage(message).build());
        response.onCompleted();
    }

    @Override
    public void recordEngagement(RecordEngagementRequest request, StreamObserver<RecordEngagementResponse> response) {
        String tenant = Tenancy.currentTenant();
        TrackingLinks.Purpose purpose = switch (request.getKind()) {
            case KIND_OPENED -> TrackingLinks.Purpose.OPEN;
            case KIND_CLICKED -> TrackingLinks.Purpose.CLICK;
            case KIND_UNSUBSCRIBED -> TrackingLinks.Purpose.UNSUBSCRIBE;
            default -> throw RequestRejectedException.invalid("kind: required");
        };
        String kind = switch (purpose) {
            case OPEN -> "OPENED";
            case CLICK -> "CLICKED";
            case UNSUBSCRIBE -> "UNSUBSCRIBED";
        };
        String url = purpose == TrackingLinks.Purpose.CLICK ? request.getUrl() : "";
        String messageId = links.verify(request.getToken(), purpose, url)
                .filter(id -> id.startsWith(tenant + "/"))
                .orElseThrow(() -> RequestRejectedException.invalid("the link was not made by Rapport or was changed"));
        boolean recorded = Boolean.TRUE.equals(commands.sendAndWait(new RecordEngagementCommand(messageId, kind,
                url.isEmpty() ? null : url), TIMEOUT_SECONDS, TimeUnit.SECONDS));
        response.onNext(RecordEngagementResponse.newBuilder().setRecorded(recorded).build());
        response.onCompleted();
    }

    @Override
    public void receiveInbound(ReceiveInboundRequest request, StreamObserver<ReceiveInboundResponse> response) {
        String tenant = Tenancy.currentTenant();
        MessageChannel channel = switch (request.getKind()) {
            case INBOUND_KIND_EMAIL -> MessageChannel.EMAIL;
            case INBOUND_KIND_SMS -> MessageChannel.SMS;
            case INBOUND_KIND_SOCIAL -> MessageChannel.SOCIAL;
            case INBOUND_KIND_DELIVERY -> null;
            default -> throw RequestRejectedException.invalid("kind: required");
        };
        if (request.getBody().size() > MAX_INBOUND_BYTES) {
            throw RequestRejectedException.invalid("body: at most " + MAX_INBOUND_BYTES + " bytes");
        }
        InboundReceiver.Received received = inbound.receive(tenant, channel, request.getBody().toByteArray(),
                request.getTimestamp(), request.getSignature());
        ReceiveInboundResponse.Builder reply = ReceiveInboundResponse.newBuilder().setRecorded(received.recorded())
                .setComplaint(received.complaint());
        if (received.conversationId() != null) {
            reply.setConversationId(received.conversationId().substring(tenant.length() + 1));
        }
        if (received.customerId() != null) {
            reply.setCustomerId(received.customerId());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void getInboundSecret(GetInboundSecretRequest request, StreamObserver<GetInboundSecretResponse> response) {
        response.onNext(GetInboundSecretResponse.newBuilder().setSecret(signatures.secret(Tenancy.currentTenant()))
                .build());
        response.onCompleted();
    }

    @Override
    public void listConversations(ListConversationsRequest request,
                                  StreamObserver<ListConversationsResponse> response) {
        String tenant = Tenancy.currentTenant();
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
        if (size < 0 || size > MAX_PAGE_SIZE) {
            throw RequestRejectedException.invalid("limit: 1 to " + MAX_PAGE_SIZE);
        }
        MessageChannel channel = request.getChannel() == io.rapport.proto.messaging.v1.MessageChannel.MESSAGE_CHANNEL_UNSPECIFIED
                ? null : MessageChannel.valueOf(request.getChannel().name().substring("MESSAGE_CHANNEL_".length()));
        ConversationPage page = queries.query(new ListConversationsQuery(tenant,
                ConversationMapping.status(request.getStatus()), channel,
                request.getFlaggedComplaint() ? Boolean.TRUE : null,
                request.getAssignee().isEmpty() ? null : request.getAssignee(),
                request.getCustomerId().isEmpty() ? null : request.getCustomerId(), size,
                request.getPageToken().isEmpty() ? null : request.getPageToken()), ConversationPage.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        ListConversationsResponse.Builder reply = ListConversationsResponse.newBuilder();
        page.conversations().forEach(view -> reply.addConversations(ConversationMapping.conversation(view)));
        if (page.next() != null) {
            reply.setNextPageToken(page.next());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void getConversation(GetConversationRequest request, StreamObserver<GetConversationResponse> response) {
        response.onNext(GetConversationResponse.newBuilder().setConversation(ConversationMapping.conversation(
                conversation(Tenancy.currentTenant(), request.getConversationId()))).build());
        response.onCompleted();
    }

    @Override
    public void replyToConversation(ReplyToConversationRequest request,
                                    StreamObserver<ReplyToConversationResponse> response) {
        String tenant = Tenancy.currentTenant();
        List<String> problems = new ArrayList<>();
        id(request.getReplyId(), "replyId", problems);
        if (request.getText().isBlank()) {
            problems.add("text: required");
        } else if (request.getText().length() > MAX_TEMPLATE) {
            problems.add("text: at most " + MAX_TEMPLATE + " characters");
        }
        if (request.getAgent().length() > 200) {
            problems.add("agent: at most 200 characters");
        }
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        MessageStatus status = replies.reply(tenant, ConversationMapping.internalId(tenant,
                                             request.getConversationId()),
                request.getReplyId(), request.getAgent().isEmpty() ? null : request.getAgent(), request.getText());
        ReplyToConversationResponse.Builder reply = ReplyToConversationResponse.newBuilder()
                .setMessageId(status.messageId().substring(tenant.length() + 1)).setState(status.state());
        if (status.reason() != null) {
            reply.setReason(status.reason());
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

    @Override
    public void updateConversation(UpdateConversationRequest request,
                                   StreamObserver<UpdateConversationResponse> response) {
        String tenant = Tenancy.currentTenant();
        conversation(tenant, request.getConversationId());
        if (request.hasAssignee() && request.getAssignee().length() > 200) {
            throw RequestRejectedException.invalid("assignee: at most 200 characters");
        }
        String id = ConversationMapping.internalId(tenant, request.getConversationId());
        commands.sendAndWait(new UpdateConversationCommand(id, ConversationMapping.status(request.getStatus()),
                request.hasAssignee() ? request.getAssignee().strip() : null), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.onNext(UpdateConversationResponse.newBuilder()
                .setConversation(ConversationMapping.conversation(conversation(tenant, request.getConversationId())))
                .build());
        response.onCompleted();
    }

    @Override
    public void getMessagingSettings(GetMessagingSettingsRequest request,
                                     StreamObserver<GetMessagingSettingsResponse> response) {
        response.onNext(GetMessagingSettingsResponse.newBuilder()
                .setSettings(settings(workspaceSettings.of(Tenancy.currentTenant()))).build());
        response.onCompleted();
    }

    @Override
    public void updateMessagingSettings(UpdateMessagingSettingsRequest request,
                                        StreamObserver<UpdateMessagingSettingsResponse> response) {
        String tenant = Tenancy.currentTenant();
        MessagingSettings given = request.getSettings();
        List<String> problems = new ArrayList<>();
        LocalTime from = time(given.getQuietHoursFrom(), "quietHours.from", problems);
        LocalTime until = time(given.getQuietHoursUntil(), "quietHours.until", problems);
        if (!given.hasMarketingCapWindow()) {
            problems.add("marketingCap.window: required");
        }
        WorkspaceSettings.Settings settings = null;
        if (problems.isEmpty()) {
            try {
                settings = new WorkspaceSettings.Settings(given.getMarketingCapCount(),
                        Duration.ofSeconds(given.getMarketingCapWindow().getSeconds()), from, until);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw RequestRejectedException.invalid(String.join("; ", problems));
        }
        workspaceSettings.save(tenant, settings);
        response.onNext(UpdateMessagingSettingsResponse.newBuilder().setSettings(settings(settings)).build());
        response.onCompleted();
    }

    private static MessagingSettings settings(WorkspaceSettings.Settings settings) {
        return MessagingSettings.newBuilder().setMarketingCapCount(settings.capCount())
                .setMarketingCapWindow(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(settings.capWindow().toSeconds()))
                .setQuietHoursFrom(settings.quietFrom().toString()).setQuietHoursUntil(settings.quietUntil().toString())
                .build();
    }

    private static LocalTime time(String value, String field, List<String> problems) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(field + ": a time of day such as 21:00");
            return null;
        }
    }

    private ConversationView conversation(String tenant, String conversationId) {
        ConversationView view = conversationId.isEmpty() ? null : queries.query(new FindConversationQuery(
                        ConversationMapping.internalId(tenant, conversationId)), ConversationView.class)
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (view == null) {
            throw RequestRejectedException.notFound("no conversation '" + conversationId + "' in this workspace");
        }
        return view;
    }

    private static void id(String value, String field, List<String> problems) {
        if (!ID.matcher(value).matches()) {
            problems.add(field + ": 1 to 128 letters, digits or . _ : @ + -");
        }
    }

    private static void template(io.rapport.proto.messaging.v1.MessageTemplate template, List<String> problems) {
        if (template.getBody().isBlank()) {
            problems.add("template.body: required");
        } else if (template.getBody().length() + template.getSubject().length() + template.getHtml().length()
                > MAX_TEMPLATE) {
            problems.add("template: at most " + MAX_TEMPLATE + " characters");
        }
    }

    private static MessageTemplate template(io.rapport.proto.messaging.v1.MessageTemplate template) {
        return new MessageTemplate(template.getSubject().isEmpty() ? null : template.getSubject(), template.getBody(),
                template.getHtml().isEmpty() ? null : template.getHtml(), template.getDefaultsMap());
    }

    private static <E extends Enum<E>> E enumValue(String protoName, String prefix, Class<E> type, String field,
                                                   List<String> problems) {
        if (!protoName.startsWith(prefix) || protoName.endsWith("_UNSPECIFIED")) {
            problems.add(field + ": required");
            return null;
        }
        return Enum.valueOf(type, protoName.substring(prefix.length()));
    }
}
