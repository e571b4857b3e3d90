package io.rapport.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Protobuf messages as the REST API's JSON, for resources whose shape is their gRPC message (campaigns, journeys,
 * reports): fields in lowerCamelCase, enums by their short name ({@code "EMAIL"} for
 * {@code MESSAGE_CHANNEL_EMAIL}), times as ISO-8601 instants, durations as ISO-8601 durations ({@code "P7D"},
 * {@code "PT2S"}), 64-bit integers as numbers. Reading reports every problem with the path of its field and refuses
 * fields the message does not have.
 */
public final class ProtoJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtoJson() {
    }

    /** Numbers and booleans are always written (a count of 0 is a count); empty strings and unset enums are not. */
    public static ObjectNode write(Message message) {
        ObjectNode object = NODES.objectNode();
        for (FieldDescriptor descriptor : message.getDescriptorForType().getFields()) {
            Object fieldValue = message.getField(descriptor);
            if (descriptor.isMapField()) {
                if (((List<?>) fieldValue).isEmpty()) {
                    continue;
                }
                ObjectNode map = object.putObject(descriptor.getJsonName());
                for (Object entry : (List<?>) fieldValue) {
                    MapEntry<?, ?> pair = (MapEntry<?, ?>) entry;
                    map.set(String.valueOf(pair.getKey()), value(descriptor.getMessageType().findFieldByName("value"),
                            pair.getValue()));
                }
            } else if (descriptor.isRepeated()) {
                ArrayNode array = object.putArray(descriptor.getJsonName());
                ((List<?>) fieldValue).forEach(item -> array.add(value(descriptor, item)));
            } else if (!descriptor.hasPresence() || message.hasField(descriptor)) {
                JsonNode value = value(descriptor, fieldValue);
                if (value != null && !(value.isString() && value.asString().isEmpty())) {
                    object.set(descriptor.getJsonName(), value);
                }
            }
        }
        return object;
    }

    private static JsonNode value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                Message message = (Message) value;
                if (message instanceof Timestamp time) {
                    yield NODES.stringNode(Instant.ofEpochSecond(time.getSeconds(), time.getNanos()).toString());
                }
                if (message instanceof com.google.protobuf.Duration duration) {
                    yield NODES.stringNode(Duration.ofSeconds(duration.getSeconds(), duration.getNanos()).toString());
                }
                yield write(message);
            }
            case ENUM -> {
                EnumValueDescriptor enumValue = (EnumValueDescriptor) value;
                yield enumValue.getNumber() == 0 ? null
                        : NODES.stringNode(enumValue.getName().substring(prefix(enumValue.getType()).length()));
            }
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case STRING -> NODES.stringNode((String) value);
            case BYTE_STRING -> NODES.stringNode(value.toString());
        };
    }

    /** Reads {@code json} into {@code builder}; every problem is added to {@code problems} with its path. */
    public static <B extends Message.Builder> B read(JsonNode json, B builder, String path, List<String> problems) {
        if (json == null || json.isNull()) {
            return builder;
        }
        if (!json.isObject()) {
            problems.add(path + ": must be an object");
            return builder;
        }
        for (Map.Entry<String, JsonNode> property : json.properties()) {
            String at = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            FieldDescriptor field = builder.getDescriptorForType().getFields().stream()
                    .filter(f -> f.getJsonName().equals(property.getKey())).findFirst().orElse(null);
            JsonNode value = property.getValue();
            if (field == null) {
                problems.add(at + ": unknown field");
            } else if (value.isNull()) {
                continue;
            } else if (field.isMapField()) {
                readMap(value, builder, field, at, problems);
            } else if (field.isRepeated()) {
                if (!value.isArray()) {
                    problems.add(at + ": must be an array");
                    continue;
                }
                for (int i = 0; i < value.size(); i++) {
                    Object item = item(value.get(i), field, builder, at + "[" + i + "]", problems);
                    if (item != null) {
                        builder.addRepeatedField(field, item);
                    }
                }
            } else {
                Object item = item(value, field, builder, at, problems);
                if (item != null) {
                    builder.setField(field, item);
                }
            }
        }
        return builder;
    }

    private static void readMap(JsonNode value, Message.Builder builder, FieldDescriptor field, String at,
                                List<String> problems) {
        if (!value.isObject()) {
            problems.add(at + ": must be an object");
            return;
        }
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            Message.Builder pair = builder.newBuilderForField(field);
            pair.setField(field.getMessageType().findFieldByName("key"), entry.getKey());
            Object item = item(entry.getValue(), valueField, pair, at + "." + entry.getKey(), problems);
            if (item != null) {
                pair.setField(valueField, item);
                builder.addRepeatedField(field, pair.build());
            }
        }
    }

    private static Object item(JsonNode value, FieldDescriptor field, Message.Builder parent, String at,
                               List<String> problems) {
        switch (field.getJavaType()) {
            case MESSAGE -> {
                String type = field.getMessageType().getFullName();
                boolean textual = type.equals(Timestamp.getDescriptor().getFullName())
                        || type.equals(com.google.protobuf.Duration.getDescriptor().getFullName());
                if (textual && !value.isString()) {
                    problems.add(at + ": must be a string");
                    return null;
                }
                if (type.equals(Timestamp.getDescriptor().getFullName())) {
                    try {
                        Instant instant = Instant.parse(value.asString());
                        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano())
                                .build();
                    } catch (DateTimeParseException e) {
                        problems.add(at + ": an ISO-8601 instant such as 2026-12-01T09:00:00Z");
                        return null;
                    }
                }
                if (type.equals(com.google.protobuf.Duration.getDescriptor().getFullName())) {
                    try {
                        Duration duration = Duration.parse(value.asString());
                        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds())
                                .setNanos(duration.getNano()).build();
                    } catch (DateTimeParseException e) {
                        problems.add(at + ": an ISO-8601 duration such as P7D, PT2H or PT30S");
                        return null;
                    }
                }
                return read(value, parent.newBuilderForField(field), at, problems).build();
            }
            case ENUM -> {
                EnumDescriptor type = field.getEnumType();
                EnumValueDescriptor found = value.isString()
                        ? type.findValueByName(prefix(type) + value.asString().toUpperCase(java.util.Locale.ROOT))
                        : null;
                if (found == null || found.getNumber() == 0) {
                    problems.add(at + ": one of " + String.join(", ", names(type)));
                }
                return found;
            }
            case INT -> {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    problems.add(at + ": must be a whole number");
                    return null;
                }
                return value.asInt();
            }
            case LONG -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + ": must be a whole number");
                    return null;
                }
                return value.asLong();
            }
            case DOUBLE, FLOAT -> {
                if (!value.isNumber()) {
                    problems.add(at + ": must be a number");
                    return null;
                }
                return field.getJavaType() == FieldDescriptor.JavaType.FLOAT ? (Object) value.floatValue()
                        : (Object) value.asDouble();
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    problems.add(at + ": must be true or false");
                    return null;
                }
                return value.asBoolean();
            }
            case STRING -> {
                if (!value.isString()) {
                    problems.add(at + ": must be a string");
                    return null;
                }
                return value.asString();
            }
            default -> {
                problems.add(at + ": not supported");
                return null;
            }
        }
    }

    /** The names an enum is written with: {@code EMAIL} for {@code MESSAGE_CHANNEL_EMAIL}; never the unset zero. */
    public static List<String> names(EnumDescriptor type) {
        return type.getValues().stream().filter(v -> v.getNumber() != 0)
                .map(v -> v.getName().substring(prefix(type).length())).toList();
    }

    /** {@code MessageChannel} → {@code MESSAGE_CHANNEL_}. */
    private static String prefix(EnumDescriptor type) {
        return type.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT) + "_";
    }
}
