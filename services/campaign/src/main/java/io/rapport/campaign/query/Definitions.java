package io.rapport.campaign.query;

import java.time.Instant;
import java.util.Date;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.platform.store.EventSerialization;
import org.bson.Document;

/** Campaign and journey definitions are kept in read models as the JSON their events hold. */
final class Definitions {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private Definitions() {
    }

    static String json(Object definition) {
        try {
            return JSON.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A definition does not serialize", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored definition does not read", e);
        }
    }

    static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
