package io.rapport.platform.store;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.ContextAttributes;
import io.rapport.platform.privacy.SubjectKeys;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * How events, snapshots, tokens and messages become JSON: Jackson 2 (Axon's), with ISO-8601 instants, decimals as
 * strings, and
 * tolerant of fields it does not know so that an older reader survives a newer event.
 */
public final class EventSerialization {

    private EventSerialization() {
    }

    public static ObjectMapper objectMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // Money stays exact in any JSON reader: decimals are written as strings, never as binary floating point.
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    /** The mapper that stores: {@code PersonalData} is sealed with each subject's key. */
    public static ObjectMapper objectMapper(SubjectKeys keys) {
        ObjectMapper mapper = objectMapper();
        mapper.setDefaultAttributes(ContextAttributes.getEmpty().withSharedAttribute(SubjectKeys.ATTRIBUTE, keys));
        return mapper;
    }

    /** The serializer that stores: see {@link #objectMapper(SubjectKeys)}. */
    public static JacksonSerializer serializer(SubjectKeys keys) {
        return JacksonSerializer.builder().objectMapper(objectMapper(keys)).build();
    }

    public static JacksonSerializer serializer() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }
}
