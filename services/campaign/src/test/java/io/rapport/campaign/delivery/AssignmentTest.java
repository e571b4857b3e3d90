package io.rapport.campaign.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rapport.campaign.api.Variant;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static final List<Variant> VARIANTS = List.of(new Variant("a", 3, Map.of()), new Variant("b", 1, Map.of()));

    @Test
    void theSamePersonAlwaysLandsInTheSameGroup() {
        for (int i = 0; i < 100; i++) {
            assertThat(Assignment.of("acme/spring", "c" + i, 20, VARIANTS))
                    .isEqualTo(Assignment.of("acme/spring", "c" + i, 20, VARIANTS));
        }
    }

    @Test
    void groupsFollowTheControlShareAndTheWeights() {
        Map<String, Integer> counts = new HashMap<>();
        int people = 100_000;
        for (int i = 0; i < people; i++) {
            counts.merge(Assignment.of("acme/spring", "customer-" + i, 20, VARIANTS), 1, Integer::sum);
        }
        assertThat(counts.get("control") / (double) people).isCloseTo(0.20, within(0.01));
        assertThat(counts.get("a") / (double) people).isCloseTo(0.60, within(0.01));
        assertThat(counts.get("b") / (double) people).isCloseTo(0.20, within(0.01));
    }

    @Test
    void anotherCampaignSplitsIndependently() {
        int same = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean here = Assignment.of("acme/spring", "c" + i, 50, VARIANTS).equals("control");
            boolean there = Assignment.of("acme/summer", "c" + i, 50, VARIANTS).equals("control");
            same += here == there ? 1 : 0;
        }
        assertThat(same / 10_000.0).isCloseTo(0.5, within(0.03));
    }

    @Test
    void noControlGroupHoldsNobodyOut() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(Assignment.of("acme/spring", "c" + i, 0, VARIANTS)).isNotEqualTo("control");
        }
    }
}
