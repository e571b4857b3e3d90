package io.rapport.gateway.web;

import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * OpenAPI schemas of protobuf messages as {@link ProtoJson} writes and reads them: lowerCamelCase fields, enums by
 * their short names, instants and durations as ISO-8601 strings, maps as objects. Each message becomes one named
 * component (its simple name), added to {@code components} with every message it refers to.
 */
@SuppressWarnings("rawtypes") // swagger-models' Components holds its schemas as a raw Map<String, Schema>
public final class ProtoSchemas {

    /** Marks a component made from a message, with the message's full name. */
    private static final String MESSAGE = "x-proto-message";

    private ProtoSchemas() {
    }

    /** A reference to {@code message}'s component, adding it (and what it uses) to {@code components}. */
    public static Schema<?> ref(Descriptor message, Map<String, Schema> components) {
        Schema<?> existing = components.get(message.getName());
        if (existing != null && (existing.getExtensions() == null
                || !message.getFullName().equals(existing.getExtensions().get(MESSAGE)))) {
            throw new IllegalStateException("two schemas named " + message.getName() + ": rename one");
        }
        if (existing == null) {
            ObjectSchema schema = new ObjectSchema();
            schema.addExtension(MESSAGE, message.getFullName());
            components.put(message.getName(), schema);
            schema.additionalProperties(false);
            for (FieldDescriptor field : message.getFields()) {
                schema.addProperty(field.getJsonName(), field(field, components));
            }
        }
        return new Schema<>().$ref("#/components/schemas/" + message.getName());
    }

    private static Schema<?> field(FieldDescriptor field, Map<String, Schema> components) {
        if (field.isMapField()) {
            return new ObjectSchema().additionalProperties(single(field.getMessageType().findFieldByName("value"),
                    components));
        }
        Schema<?> one = single(field, components);
        return field.isRepeated() ? new ArraySchema().items(one) : one;
    }

    private static Schema<?> single(FieldDescriptor field, Map<String, Schema> components) {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                String type = field.getMessageType().getFullName();
                if (type.equals(Timestamp.getDescriptor().getFullName())) {
                    yield new StringSchema().format("date-time").example("2026-12-01T09:00:00Z");
                }
                if (type.equals(Duration.getDescriptor().getFullName())) {
                    yield new StringSchema().format("duration").description("ISO-8601 duration").example("P7D");
                }
                yield ref(field.getMessageType(), components);
            }
            case ENUM -> {
                StringSchema names = new StringSchema();
                ProtoJson.names(field.getEnumType()).forEach(names::addEnumItem);
                yield names;
            }
            case INT -> new IntegerSchema().format("int32");
            case LONG -> new IntegerSchema().format("int64");
            case DOUBLE -> new NumberSchema().format("double");
            case FLOAT -> new NumberSchema().format("float");
            case BOOLEAN -> new BooleanSchema();
            case STRING, BYTE_STRING -> new StringSchema();
        };
    }
}
