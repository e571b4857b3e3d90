package io.rapport.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComplaintReaderTest {

    @Test
    void negativeToneNamingAProblemIsAComplaint() {
        assertThat(ComplaintReader.isComplaint("My parcel arrived broken and nobody answers my emails.", -0.6)).isTrue();
        assertThat(ComplaintReader.isComplaint("I was charged twice, this is unacceptable!", -0.4)).isTrue();
    }

    @Test
    void unhappyWithoutAProblemOrAProblemAskedKindlyIsNot() {
        assertThat(ComplaintReader.isComplaint("I hate Mondays.", -0.57)).as("no problem named").isFalse();
        assertThat(ComplaintReader.isComplaint("Could you tell me when my refund will arrive? Thanks!", 0.49))
                .as("politely asked").isFalse();
    }

    @Test
    void theIssueIsTheSentenceNamingTheProblem() {
        assertThat(ComplaintReader.issue("Hello there. My parcel arrived broken! Please help."))
                .isEqualTo("My parcel arrived broken!");
        assertThat(ComplaintReader.issue("Just awful service")).isEqualTo("Just awful service");
    }

    @Test
    void aLongIssueIsCutAtAWord() {
        String issue = ComplaintReader.issue("The order was late " + "and again ".repeat(30) + "done.");
        assertThat(issue).endsWith("…").hasSizeLessThanOrEqualTo(161);
        assertThat(issue.substring(0, issue.length() - 1)).doesNotEndWith(" ").endsWith("again");
    }
}
