package io.rapport.campaign.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;

import java.time.Instant;
import java.util.List;

import io.rapport.campaign.api.ChangeSegmentCommand;
import io.rapport.campaign.api.DefineSegmentCommand;
import io.rapport.campaign.api.RecordMembershipCommand;
import io.rapport.campaign.api.SegmentChangedEvent;
import io.rapport.campaign.api.SegmentDefinedEvent;
import io.rapport.campaign.api.SegmentMembershipChangedEvent;
import io.rapport.campaign.rules.RuleSyntaxException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentTest {

    private static final String ID = "acme/at-risk";
    private static final String RULE = "churn_risk >= 0.7 and consent.email";
    private static final SegmentDefinedEvent DEFINED = new SegmentDefinedEvent(ID, "acme", "At risk", RULE,
            Instant.parse("2026-11-23T10:00:00Z"));

    private AggregateTestFixture<Segment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Segment.class);
    }

    @Test
    void aSegmentIsDefinedByARuleThatReads() {
        fixture.givenNoPriorActivity()
                .when(new DefineSegmentCommand(ID, "acme", "At risk", RULE))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((SegmentDefinedEvent e) ->
                        e.rule().equals(RULE) && e.name().equals("At risk"))), andNoMore()));
    }

    @Test
    void aRuleThatDoesNotReadIsRefusedAndNothingIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new DefineSegmentCommand(ID, "acme", "At risk", "churn_risk >= \"high\""))
                .expectException(RuleSyntaxException.class)
                .expectNoEvents();
        fixture.given(DEFINED)
                .when(new ChangeSegmentCommand(ID, null, "stage ="))
                .expectException(RuleSyntaxException.class)
                .expectNoEvents();
    }

    @Test
    void aChangeKeepsWhatItDoesNotNameAndAChangeToNothingRecordsNothing() {
        fixture.given(DEFINED)
                .when(new ChangeSegmentCommand(ID, "Churning", null))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((SegmentChangedEvent e) ->
                        e.name().equals("Churning") && e.rule().equals(RULE))), andNoMore()));
        fixture.given(DEFINED)
                .when(new ChangeSegmentCommand(ID, "At risk", RULE))
                .expectNoEvents();
    }

    @Test
    void whoEnteredAndLeftIsRecordedOnTheSegmentAndNothingWhenNobodyDid() {
        fixture.given(DEFINED)
                .when(new RecordMembershipCommand(ID, List.of("ada", "bo"), List.of("cy")))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((SegmentMembershipChangedEvent e) ->
                        e.entered().equals(List.of("ada", "bo")) && e.left().equals(List.of("cy"))
                                && e.tenant().equals("acme"))), andNoMore()));
        fixture.given(DEFINED)
                .when(new RecordMembershipCommand(ID, List.of(), List.of()))
                .expectNoEvents();
    }

}
