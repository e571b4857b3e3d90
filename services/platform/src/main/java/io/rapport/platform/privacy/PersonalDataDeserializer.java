package io.rapport.platform.privacy;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;

/**
 * Reads a {@link PersonalData} value: opens it with its subject's key, or reads null when the subject was
 * forgotten. Values stored before they were sealed are read as they are.
 */
public final class PersonalDataDeserializer extends JsonDeserializer<Object> implements ContextualDeserializer {

    private final JavaType type;

    public PersonalDataDeserializer() {
        this(null);
    }

    private PersonalDataDeserializer(JavaType type) {
        this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
        return new PersonalDataDeserializer(property != null ? property.getType() : context.getContextualType());
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().startsWith(SubjectKeys.PREFIX)) {
            SubjectKeys keys = (SubjectKeys) context.getAttribute(SubjectKeys.ATTRIBUTE);
            Optional<String> plaintext = keys == null ? Optional.empty() : keys.open(parser.getText());
            return plaintext.isEmpty() ? null : PersonalDataSerializer.PLAIN.readValue(plaintext.get(), type);
        }
        return context.readValue(parser, type);
    }
}
