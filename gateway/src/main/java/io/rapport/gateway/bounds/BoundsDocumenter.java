package io.rapport.gateway.bounds;

import java.math.BigDecimal;
import java.util.Map;

import io.rapport.platform.bounds.Bounds;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Writes {@link BodyBounds} into every schema of the OpenAPI document: {@code maxLength} on strings, {@code maxItems}
 * on arrays, {@code maxProperties} on maps, a range on numbers and the supported range on times, so a client reads
 * the same bounds the gateway enforces. Runs after every other customizer, over the schemas they added.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class BoundsDocumenter implements OpenApiCustomizer {

    private static final String TIME_RANGE = " Between " + Bounds.EARLIEST + " and " + Bounds.LATEST + ".";

    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : api.getComponents().getSchemas().values()) {
            properties(schema);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void properties(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null) {
            properties.forEach((name, property) -> bound(name, property));
        }
    }

    @SuppressWarnings("rawtypes")
    private static String typeOf(Schema schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getTypes() != null && !schema.getTypes().isEmpty()
                ? String.valueOf(schema.getTypes().iterator().next()) : null;
    }

    @SuppressWarnings("rawtypes")
    private static void bound(String name, Schema schema) {
        if (schema == null || schema.get$ref() != null) {
            return;
        }
        String type = typeOf(schema);
        if ("string".equals(type)) {
            String description = schema.getDescription() == null ? "" : schema.getDescription();
            if ("date-time".equals(schema.getFormat()) && !description.contains(TIME_RANGE.trim())) {
                schema.setDescription((description + TIME_RANGE).trim());
            }
            if (schema.getMaxLength() == null && schema.getEnum() == null) {
                schema.setMaxLength(BodyBounds.maxLength(name));
            }
        } else if ("array".equals(type)) {
            if (schema.getMaxItems() == null) {
                schema.setMaxItems(BodyBounds.maxItems(name));
            }
            bound(name, schema.getItems());
        } else if ("integer".equals(type) || "number".equals(type)) {
            if (schema.getMaximum() == null) {
                schema.setMaximum(BigDecimal.valueOf(BodyBounds.maxNumber(name)));
            }
            if (schema.getMinimum() == null) {
                schema.setMinimum(BigDecimal.valueOf(BodyBounds.minNumber(name)));
            }
        } else if ("object".equals(type) || schema.getProperties() != null) {
            if (BodyBounds.MAPS.contains(name) && schema.getMaxProperties() == null) {
                schema.setMaxProperties(BodyBounds.DEFAULT_ENTRIES);
            }
            if (schema.getAdditionalProperties() instanceof Schema values) {
                if (BodyBounds.MAPS.contains(name) && "string".equals(typeOf(values))) {
                    values.setMaxLength(Bounds.MAX_ATTRIBUTE_VALUE);
                }
                bound(BodyBounds.MAPS.contains(name) ? "" : name, values);
            }
            properties(schema);
        }
    }
}
