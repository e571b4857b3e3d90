package io.rapport.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApologyWriterTest {

    @Test
    void complaintIsAnsweredWithAnApologyNamingTheCustomerAndQuotingTheirIssue() {
        String apology = ApologyWriter.apology("Ada", "Hi. My parcel arrived broken and nobody answers. Fix it.");
        assertThat(apology).startsWith("Hi Ada,")
                .contains("sorry")
                .contains("\u201CMy parcel arrived broken and nobody answers.\u201D")
                .doesNotContain("{{");
    }

    @Test
    void withoutANameTheGreetingStaysPolite() {
        assertThat(ApologyWriter.apology(null, "Terrible, the item is missing.")).startsWith("Hello,");
    }
}
