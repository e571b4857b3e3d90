package io.rapport.platform.store;

import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads one revision of an event as the next, when the next only added fields: {@code change} gives the old
 * payload its new fields (usually as null). Each service declares its upcasters as beans of this class.
 */
public class AddedFieldsUpcaster extends SingleEventUpcaster {

    private final String type;
    private final String fromRevision;
    private final String toRevision;
    private final UnaryOperator<JsonNode> change;

    public AddedFieldsUpcaster(Class<?> eventType, String fromRevision, String toRevision,
                               UnaryOperator<JsonNode> change) {
        this.type = eventType.getName();
        this.fromRevision = fromRevision;
        this.toRevision = toRevision;
        this.change = change;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().getName().equals(type)
                && fromRevision.equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(type, toRevision), JsonNode.class, change);
    }
}
