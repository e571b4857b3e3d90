package io.rapport.gateway.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BodyBoundsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static java.util.List<String> check(String body) {
        return BodyBounds.check(JSON.readTree(body));
    }

    @Test
    void aBodyWithinItsBoundsPasses() {
        assertThat(check("""
                {"id":"ada","firstName":"Ada","attributes":{"tier":"gold"},"tags":["a","b"],
                 "interactions":[{"eventId":"e1","occurredAt":"2026-11-01T10:00:00Z","amount":"19.99"}]}""")).isEmpty();
    }

    @Test
    void everyFieldOverABoundIsNamedWithItsPath() {
        String longName = "a".repeat(BodyBounds.DEFAULT_STRING + 1);
        String longId = "i".repeat(129);
        assertThat(check("{\"firstName\":\"" + longName + "\",\"interactions\":[{\"eventId\":\"" + longId
                + "\",\"occurredAt\":\"-999999999-01-01T00:00:00Z\",\"amount\":1e400}]}"))
                .containsExactly("firstName: at most 500 characters, got 501",
                        "interactions[0].eventId: at most 128 characters, got 129",
                        "interactions[0].occurredAt: must lie between 1900-01-01T00:00:00Z and 2200-01-01T00:00:00Z",
                        "interactions[0].amount: a number from 0 to 999999999999.9999 is required");
    }

    @Test
    void mapsArraysIdsTimesAndNestingHaveBoundsToo() {
        StringBuilder attributes = new StringBuilder("{");
        for (int i = 0; i <= BodyBounds.DEFAULT_ENTRIES; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertThat(check("{\"attributes\":" + attributes + "}}")).containsExactly("attributes: at most 100 entries, "
                + "got 101");
        assertThat(check("{\"tags\":[" + "\"t\",".repeat(50) + "\"t\"]}")).containsExactly("tags: at most 50 items, "
                + "got 51");
        assertThat(check("{\"customerId\":\"..\"}")).containsExactly("customerId: an id cannot be . or ..");
        assertThat(check("{\"asOf\":1700000000}")).containsExactly("asOf: an ISO-8601 time such as "
                + "2026-01-31T09:30:00Z is required, as a string");
        assertThat(check("{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}")).singleElement().asString()
                .endsWith("nested deeper than 16 levels");
        assertThat(check("{\"attributes\":{\"" + "k".repeat(65) + "\":\"v\"}}")).containsExactly(
                "attributes: keys of at most 64 characters");
    }

    @Test
    void templatesMayBeLongButNotEndless() {
        assertThat(check("{\"template\":{\"body\":\"" + "x".repeat(100_000) + "\"}}")).isEmpty();
        assertThat(check("{\"template\":{\"body\":\"" + "x".repeat(100_001) + "\"}}")).containsExactly(
                "template.body: at most 100000 characters, got 100001");
    }
}
