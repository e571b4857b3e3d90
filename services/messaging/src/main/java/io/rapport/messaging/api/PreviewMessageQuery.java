package io.rapport.messaging.api;

import java.util.Map;

/** A message as it would be sent to one customer, without sending it; answered with a {@link MessagePreview}. */
public record PreviewMessageQuery(String tenant, String customerId, MessageChannel channel, MessageTemplate template,
                                  Map<String, String> variables) {

    public PreviewMessageQuery {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
