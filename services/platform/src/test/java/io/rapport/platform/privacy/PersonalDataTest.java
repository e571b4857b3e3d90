package io.rapport.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.store.EventSerialization;
import io.rapport.platform.testing.TestMongo;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

    record Person(@PersonalData String name, @PersonalData Map<String, String> notes, String city) {
    }

    record Introduced(String subject, Person person, @PersonalData String greeting, int visits) implements DataSubject {
        @Override
        public String dataSubject() {
            return subject;
        }
    }

    record Anonymous(@PersonalData String name) {
    }

    private final MongoDatabase database = TestMongo.freshDatabase();
    private final SubjectKeys keys = new SubjectKeys(database);
    private final ObjectMapper sealing = EventSerialization.objectMapper(keys);
    private final Introduced ada = new Introduced("acme/c-1", new Person("Ada Lovelace", Map.of("likes", "engines"),
            "London"), "Dear Ada", 3);

    @Test
    void personalDataIsStoredSealedAndReadBackWithTheSubjectsKey() throws Exception {
        String json = sealing.writeValueAsString(ada);

        assertThat(json).doesNotContain("Ada").doesNotContain("engines").contains("London").contains("pd1:");
        assertThat(sealing.readValue(json, Introduced.class)).isEqualTo(ada);
        assertThat(database.getCollection("subject_keys").countDocuments()).isEqualTo(1);
    }

    @Test
    void forgettingTheSubjectLeavesTheRestReadable() throws Exception {
        String json = sealing.writeValueAsString(ada);

        keys.forget("acme/c-1");

        Introduced forgotten = sealing.readValue(json, Introduced.class);
        assertThat(forgotten.person().name()).isNull();
        assertThat(forgotten.person().notes()).isNull();
        assertThat(forgotten.greeting()).isNull();
        assertThat(forgotten.person().city()).isEqualTo("London");
        assertThat(forgotten.visits()).isEqualTo(3);
        assertThat(new SubjectKeys(database).open(json.substring(json.indexOf("pd1:"), json.indexOf('"',
                json.indexOf("pd1:"))))).as("another node, no cache").isEmpty();
    }

    @Test
    void valuesStoredBeforeSealingAndMappersWithoutKeysReadPlainly() throws Exception {
        ObjectMapper plain = EventSerialization.objectMapper();
        String json = plain.writeValueAsString(ada);

        assertThat(json).contains("Ada Lovelace");
        assertThat(sealing.readValue(json, Introduced.class)).isEqualTo(ada);
    }

    @Test
    void personalDataWithNobodyToBelongToIsNeverStoredReadable() {
        assertThatThrownBy(() -> sealing.writeValueAsString(new Anonymous("Ada")))
                .hasMessageContaining("outside of a DataSubject");
    }
}
