package io.rapport.platform.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * Marks a value of a {@link DataSubject}'s message as personal data: it is stored encrypted with the subject's
 * own key, so destroying that key ({@link SubjectKeys#forget}) leaves it unreadable everywhere it was stored,
 * while the rest of the message (amounts, times, kinds) stays usable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.ANNOTATION_TYPE})
@JacksonAnnotationsInside
@JsonSerialize(using = PersonalDataSerializer.class)
@JsonDeserialize(using = PersonalDataDeserializer.class)
public @interface PersonalData {
}
