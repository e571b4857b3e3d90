package io.rapport.gateway.campaign;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.Message;
import io.rapport.gateway.web.ProtoJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What the campaign and journey resources share: ids in bodies, required fields, pages. */
final class Resources {

    private Resources() {
    }

    /** The optional {@code id} of a new resource (generated when absent). */
    static Optional<String> id(JsonNode body, List<String> errors) {
        if (body == null || !body.hasNonNull("id")) {
            return Optional.empty();
        }
        if (!body.get("id").isString()) {
            errors.add("id: must be a string");
            return Optional.empty();
        }
        return Optional.of(body.get("id").asString());
    }

    static String required(JsonNode body, String field, List<String> errors) {
        if (body == null || !body.hasNonNull(field) || body.get(field).isString()
                && body.get(field).asString().isBlank()) {
            errors.add(field + ": required");
            return "";
        }
        return optional(body, field, errors).orElse("");
    }

    /** An optional text field: absent, or a string (anything else is refused). */
    static Optional<String> optional(JsonNode body, String field, List<String> errors) {
        if (body == null || !body.hasNonNull(field)) {
            return Optional.empty();
        }
        if (!body.get(field).isString()) {
            errors.add(field + ": must be a string");
            return Optional.empty();
        }
        return Optional.of(body.get(field).asString());
    }

    /** The body is an object with no fields but {@code allowed}. */
    static void onlyFields(JsonNode body, List<String> errors, String... allowed) {
        if (body == null) {
            return;
        }
        if (!body.isObject()) {
            errors.add("body: must be a JSON object");
            return;
        }
        Set<String> names = Set.of(allowed);
        body.propertyNames().stream().filter(name -> !names.contains(name))
                .forEach(name -> errors.add(name + ": unknown field"));
    }

    /** The message as JSON with its id field ({@code campaignId}) first and named {@code id}. */
    static ObjectNode withId(Message message, String idField) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode fields = ProtoJson.write(message);
        json.set("id", fields.get(idField));
        fields.properties().stream().filter(p -> !p.getKey().equals(idField))
                .forEach(p -> json.set(p.getKey(), p.getValue()));
        return json;
    }

    static ObjectNode page(List<? extends JsonNode> items, String next) {
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.putArray("items").addAll(items);
        if (!next.isEmpty()) {
            page.put("nextCursor", next);
        }
        return page;
    }
}
