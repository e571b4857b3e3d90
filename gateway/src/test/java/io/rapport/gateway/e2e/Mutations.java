package io.rapport.gateway.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Breaks a valid request body the way a careless client or an attacker would, guided by the body's OpenAPI schema:
 * each mutation makes the body invalid by the document's own words (a bound, a type, a required field, a format),
 * so the API must refuse it.
 */
final class Mutations {

    enum Kind {
        OVERSIZED_STRING, WRONG_TYPE, UNKNOWN_FIELD, OVERSIZED_ARRAY, TIME_OUT_OF_RANGE, NUMBER_OUT_OF_RANGE,
        MISSING_REQUIRED, DOT_ID, MALFORMED
    }

    /** A place in the body: a field of {@code parent}, with the schema that describes it. */
    private record Place(ObjectNode parent, String name, JsonNode schema, boolean inMap) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ABSURD_TIMES = List.of("-999999999-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "1800-01-01T00:00:00Z", "2300-01-01T00:00:00Z");

    private final JsonNode schemas;

    /** @param document the OpenAPI document, whose {@code components.schemas} the bodies refer to */
    Mutations(JsonNode document) {
        this.schemas = document.get("components").get("schemas");
    }

    /** The body mutated by {@code kind}, or null when the body has nowhere that mutation applies. */
    String apply(Kind kind, JsonNode example, JsonNode schema, Random random) {
        if (kind == Kind.MALFORMED) {
            String text = JSON.writeValueAsString(example);
            return switch (random.nextInt(4)) {
                case 0 -> text.substring(0, Math.max(1, random.nextInt(text.length())));
                case 1 -> "[" + text + "]";
                case 2 -> "\"" + text.replace("\"", "'") + "\"";
                default -> "{\"" + "a".repeat(10) + "\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}";
            };
        }
        JsonNode body = example.deepCopy();
        if (!body.isObject()) {
            return null;
        }
        List<Place> places = new ArrayList<>();
        collect((ObjectNode) body, resolve(schema), places, 0);
        List<Place> fitting = places.stream().filter(place -> fits(kind, place)).toList();
        if (kind == Kind.UNKNOWN_FIELD) {
            List<ObjectNode> records = new ArrayList<>();
            records.add((ObjectNode) body);
            places.stream().filter(p -> !p.inMap() && p.parent().get(p.name()).isObject()
                    && resolve(p.schema()).has("properties")).forEach(p -> records.add((ObjectNode) p.parent()
                    .get(p.name())));
            records.get(random.nextInt(records.size())).put("zz" + Integer.toString(random.nextInt(1 << 20), 36), 1);
            return JSON.writeValueAsString(body);
        }
        if (kind == Kind.MISSING_REQUIRED) {
            JsonNode required = resolve(schema).get("required");
            if (required == null || required.isEmpty()) {
                return null;
            }
            ((ObjectNode) body).remove(required.get(random.nextInt(required.size())).asString());
            return JSON.writeValueAsString(body);
        }
        if (fitting.isEmpty()) {
            return null;
        }
        Place place = fitting.get(random.nextInt(fitting.size()));
        JsonNode field = resolve(place.schema());
        place.parent().set(place.name(), switch (kind) {
            case OVERSIZED_STRING -> NODES.stringNode("x".repeat(field.get("maxLength").asInt() + 1
                    + random.nextInt(50)));
            case WRONG_TYPE -> wrongType(type(field), random);
            case OVERSIZED_ARRAY -> oversized(place.parent().get(place.name()), field.get("maxItems").asInt());
            case TIME_OUT_OF_RANGE -> NODES.stringNode(ABSURD_TIMES.get(random.nextInt(ABSURD_TIMES.size())));
            case NUMBER_OUT_OF_RANGE -> NODES.numberNode(random.nextBoolean()
                    ? new java.math.BigDecimal("1e400") : new java.math.BigDecimal("-1e20"));
            case DOT_ID -> NODES.stringNode(random.nextBoolean() ? "." : "..");
            default -> throw new IllegalStateException(kind.name());
        });
        return JSON.writeValueAsString(body);
    }

    private boolean fits(Kind kind, Place place) {
        JsonNode field = resolve(place.schema());
        String type = type(field);
        return switch (kind) {
            case OVERSIZED_STRING -> "string".equals(type) && field.has("maxLength");
            case WRONG_TYPE -> type != null && !place.inMap();
            case OVERSIZED_ARRAY -> "array".equals(type) && field.has("maxItems")
                    && field.get("maxItems").asInt() <= 1_000;
            case TIME_OUT_OF_RANGE -> "string".equals(type) && "date-time".equals(field.path("format").asString(""));
            case NUMBER_OUT_OF_RANGE -> "number".equals(type) || "integer".equals(type);
            case DOT_ID -> "string".equals(type) && !place.inMap() && (place.name().equals("id")
                    || place.name().endsWith("Id") || place.name().endsWith("Key"));
            default -> false;
        };
    }

    private void collect(ObjectNode object, JsonNode schema, List<Place> places, int depth) {
        JsonNode properties = schema.get("properties");
        JsonNode values = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            JsonNode field = properties != null ? properties.get(entry.getKey()) : null;
            boolean inMap = field == null && values != null && values.isObject();
            JsonNode fieldSchema = field != null ? field : inMap ? values : null;
            if (fieldSchema == null || depth > 8) {
                continue;
            }
            places.add(new Place(object, entry.getKey(), fieldSchema, inMap));
            JsonNode value = entry.getValue();
            JsonNode resolved = resolve(fieldSchema);
            if (value.isObject()) {
                collect((ObjectNode) value, resolved, places, depth + 1);
            } else if (value.isArray() && !value.isEmpty() && value.get(0).isObject() && resolved.has("items")) {
                collect((ObjectNode) value.get(0), resolve(resolved.get("items")), places, depth + 1);
            }
        }
    }

    JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : schemas.get(ref.asString().substring(ref.asString().lastIndexOf('/') + 1));
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? "object" : null;
        }
        return type.isArray() ? type.get(0).asString() : type.asString();
    }

    private static JsonNode wrongType(String type, Random random) {
        List<JsonNode> others = new ArrayList<>(List.of(NODES.numberNode(12345), NODES.booleanNode(true),
                NODES.stringNode("not-of-this-type"), NODES.objectNode().put("a", 1), NODES.arrayNode().add(1)));
        others.removeIf(node -> switch (type) {
            case "string" -> node.isString();
            case "integer", "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            default -> false;
        });
        return others.get(random.nextInt(others.size()));
    }

    private static JsonNode oversized(JsonNode current, int maxItems) {
        ArrayNode items = NODES.arrayNode();
        JsonNode item = current.isArray() && !current.isEmpty() ? current.get(0) : NODES.stringNode("x");
        for (int i = 0; i <= maxItems; i++) {
            items.add(item.deepCopy());
        }
        return items;
    }
}
