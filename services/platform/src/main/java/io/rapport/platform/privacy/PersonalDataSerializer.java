package io.rapport.platform.privacy;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;

/**
 * Writes a {@link PersonalData} value sealed with the key of the {@link DataSubject} it belongs to (the nearest
 * enclosing one). A mapper without {@link SubjectKeys} writes it as it is: for tests and tools that never store.
 */
public final class PersonalDataSerializer extends JsonSerializer<Object> {

    static final ObjectMapper PLAIN = new ObjectMapper();

    @Override
    public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        SubjectKeys keys = (SubjectKeys) provider.getAttribute(SubjectKeys.ATTRIBUTE);
        if (keys == null) {
            provider.defaultSerializeValue(value, generator);
            return;
        }
        String subject = subject(generator);
        if (subject == null) {
            throw new IllegalStateException("personal data outside of a DataSubject: refusing to store it readable");
        }
        generator.writeString(keys.seal(subject, PLAIN.writeValueAsString(value)));
    }

    private static String subject(JsonGenerator generator) {
        for (JsonStreamContext context = generator.getOutputContext(); context != null; context = context.getParent()) {
            if (context.getCurrentValue() instanceof DataSubject subject) {
                return subject.dataSubject();
            }
        }
        return null;
    }
}
