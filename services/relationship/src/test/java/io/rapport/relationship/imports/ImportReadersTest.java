package io.rapport.relationship.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import org.junit.jupiter.api.Test;

class ImportReadersTest {

    private record Read(String customerId, Interaction interaction) {
    }

    private final List<Read> read = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<CustomerUpsert> customers = new ArrayList<>();
    private final Rows rows = new Rows() {
        @Override
        public void interaction(String customerId, Interaction interaction, int count) {
            read.add(new Read(customerId, interaction));
        }

        @Override
        public void customer(CustomerUpsert customer, long line) {
            customers.add(customer);
        }

        @Override
        public void skipped(long line, int count, String reason) {
            skipped.add(line + ": " + reason);
        }
    };

    private void readWith(RowReader reader, String text) throws IOException {
        reader.read(new BufferedReader(new StringReader(text)), rows);
    }

    @Test
    void quotedCsvFieldsKeepTheirCommasQuotesAndLineBreaks() throws IOException {
        CsvRecords records = new CsvRecords(new StringReader("a,\"b, \"\"c\"\"\",\"d\ne\"\r\nf,,g\n"));
        assertThat(records.next()).containsExactly("a", "b, \"c\"", "d\ne");
        assertThat(records.line()).isEqualTo(1);
        assertThat(records.next()).containsExactly("f", "", "g");
        assertThat(records.line()).isEqualTo(3);
        assertThat(records.next()).isNull();
    }

    @Test
    void aMappedCsvReadsColumnsAndConstantsAndSkipsBadRowsWithTheirReason() throws IOException {
        MappedCsvReader reader = new MappedCsvReader(Map.of("customerId", "Client", "occurredAt", "When",
                "channel", "=EMAIL", "kind", "What", "amount", "Total", "currency", "=EUR", "tags", "Tags",
                "timeZone", "Europe/Berlin"));
        readWith(reader, """
                Client,When,What,Total,Tags
                ada,2026-01-10 09:00,purchase,12.50,shoes;sale
                ada,2026-01-10 09:00,purchase,12.50,shoes;sale
                bob,yesterday,open,,
                cy,2026-01-11T08:00:00Z,teleport,,
                """);
        assertThat(read).hasSize(2);
        Interaction first = read.get(0).interaction();
        assertThat(read.get(0).customerId()).isEqualTo("ada");
        assertThat(first.kind()).isEqualTo(InteractionKind.PURCHASE);
        assertThat(first.channel()).isEqualTo(Channel.EMAIL);
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2026-01-10T08:00:00Z"));
        assertThat(first.amount()).isEqualByComparingTo(new BigDecimal("12.50"));
        assertThat(first.tags()).containsExactly("shoes", "sale");
        assertThat(read.get(1).interaction().eventId()).as("identical rows get distinct, repeatable ids")
                .isNotEqualTo(first.eventId()).startsWith(first.eventId());
        assertThat(skipped).containsExactly("4: occurredAt 'yesterday' is not an ISO 8601 time",
                "5: kind 'teleport' is not one of " + java.util.Arrays.toString(InteractionKind.values()));
    }

    @Test
    void aMappingMustNameTheRequiredFieldsAndOnlyKnownOnes() {
        assertThatThrownBy(() -> new MappedCsvReader(Map.of("customerId", "c")))
                .hasMessageContaining("[channel, kind, occurredAt]");
        assertThatThrownBy(() -> new MappedCsvReader(Map.of("customerId", "c", "channel", "=SMS", "kind", "=OPEN",
                "occurredAt", "t", "colour", "x"))).hasMessageContaining("unknown fields [colour]");
    }

    @Test
    void aCustomerFileGivesProfilesIdentifiersAttributesAndConsentsAndSkipsBadRowsWithTheirReason()
            throws IOException {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        readWith(new CustomersCsvReader(now), """
                id,E-mail,First Name,last_name,Time Zone,social,attributes.Tier,consent.email.marketing,consentSource,consentAt
                ada,ada@example.com,Ada,Lovelace,Europe/London,insta:ada;x:ada,gold,yes,signup-form,2026-03-01
                ,bob@example.com,Bob,,,,,no,,
                cy,not-an-email,Cy,,,,,,,
                dee,dee@example.com,Dee,,Mars/Olympus,,,,,
                eve,eve@example.com,Eve,,,,,maybe,,
                ,,Nobody,,,,,,,
                """);
        assertThat(customers).hasSize(2);
        CustomerUpsert ada = customers.get(0);
        assertThat(ada.customerId()).isEqualTo("ada");
        assertThat(ada.profile()).isEqualTo(new CustomerProfile("Ada", "Lovelace", "ada@example.com", null,
                "Europe/London", null, Map.of("Tier", "gold")));
        assertThat(ada.identifiers()).extracting(Identifier::key).containsExactly("SOCIAL:insta:ada", "SOCIAL:x:ada");
        assertThat(ada.consents()).containsExactly(new CustomerUpsert.Consent(Channel.EMAIL, "marketing", true,
                "signup-form", Instant.parse("2026-03-01T00:00:00Z")));
        CustomerUpsert bob = customers.get(1);
        assertThat(bob.customerId()).isNull();
        assertThat(bob.profile().lastName()).isNull();
        assertThat(bob.consents()).containsExactly(new CustomerUpsert.Consent(Channel.EMAIL, "marketing", false,
                "import", now));
        assertThat(skipped).containsExactly(
                "4: email: not a valid EMAIL identifier (an e-mail address)",
                "5: timeZone: not an IANA time zone: 'Mars/Olympus'",
                "6: consent.EMAIL.marketing: true or false (yes/no, 1/0), got 'maybe'",
                "7: id: required unless the customer has an email, a phone or identifiers to be found by");
    }

    @Test
    void aCustomerFileWithAColumnItDoesNotKnowIsRefusedBeforeItRuns() {
        assertThatThrownBy(() -> new CustomersCsvReader(Instant.now()).checkStart(new BufferedReader(
                new StringReader("id,email,favourite colour,consent.fax.marketing\n"))))
                .hasMessageContaining("[consent.fax.marketing (consent.CHANNEL.purpose")
                .hasMessageContaining("favourite colour]");
    }

    @Test
    void ndjsonLinesAreInteractionsAndUnknownFieldsAreNotSilentlyDropped() throws IOException {
        readWith(new NdjsonReader(), """
                {"customerId":"ada","eventId":"m1","channel":"SOCIAL","kind":"COMPLAINT","occurredAt":"2026-02-01T10:00:00Z","content":"Still waiting!","tags":["delivery"]}
                {"customerId":"ada","channel":"EMAIL","kind":"OPEN","occurredAt":"2026-02-01T11:00:00Z","colour":"red"}
                not json
                {"customerId":"ada","eventId":"p1","channel":"WEB","kind":"PURCHASE","occurredAt":"2026-02-02T10:00:00Z","amount":-3,"currency":"EUR"}
                """);
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.interaction().eventId()).isEqualTo("m1");
            assertThat(r.interaction().content()).isEqualTo("Still waiting!");
            assertThat(r.interaction().tags()).containsExactly("delivery");
        });
        assertThat(skipped).hasSize(3);
        assertThat(skipped.get(0)).isEqualTo("2: unknown fields [colour]");
        assertThat(skipped.get(1)).startsWith("3: not JSON");
        assertThat(skipped.get(2)).isEqualTo("4: amount must not be negative; record a RETURN instead");
    }

    @Test
    void cdnowKeepsTheCustomerIdAsWrittenAndReadsBothLayouts() throws IOException {
        readWith(new CdnowReader(), """
                 customer_id  date number_of_cds  dollar_value
                 00001 19970101  1   11.77
                 00004 0001 19970118  2   29.73
                 00004 0001 19970118  2   29.73
                """);
        assertThat(read).extracting(Read::customerId).containsExactly("00001", "00004", "00004");
        assertThat(read.get(1).interaction().occurredAt()).isEqualTo(Instant.parse("1997-01-18T00:00:00Z"));
        assertThat(read.get(2).interaction().eventId()).isNotEqualTo(read.get(1).interaction().eventId());
        assertThat(skipped).isEmpty();
    }
}
