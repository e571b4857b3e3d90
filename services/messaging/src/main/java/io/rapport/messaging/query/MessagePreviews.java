package io.rapport.messaging.query;

import io.rapport.messaging.api.MessageIds;
import io.rapport.messaging.api.MessagePreview;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.PreviewMessageQuery;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.command.Personalisation;
import io.rapport.messaging.command.TemplateRenderer;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Renders a message for one customer exactly as a send would (their channel, address and variables). */
@Component
public class MessagePreviews {

    private static final String PREVIEW_KEY = "preview";

    private final Personalisation personalisation;
    private final TemplateRenderer renderer;

    public MessagePreviews(Personalisation personalisation, TemplateRenderer renderer) {
        this.personalisation = personalisation;
        this.renderer = renderer;
    }

    @QueryHandler
    public MessagePreview handle(PreviewMessageQuery query) {
        Personalisation.Resolved resolved = personalisation.resolve(new SendMessageCommand(
                MessageIds.of(query.tenant(), PREVIEW_KEY), query.tenant(), PREVIEW_KEY, query.customerId(),
                query.channel(), MessagePurpose.MARKETING, null, query.template(), query.variables()));
        SendMessageCommand command = resolved.command();
        TemplateRenderer.Rendered rendered = renderer.render(command.template(), command.variables());
        String refusal = resolved.refusal() != null ? resolved.refusal() : rendered.refusal();
        return new MessagePreview(command.channel(), command.recipient(), rendered.subject(), rendered.body(),
                rendered.html(), refusal);
    }
}
