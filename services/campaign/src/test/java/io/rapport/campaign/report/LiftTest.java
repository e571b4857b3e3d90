package io.rapport.campaign.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LiftTest {

    @Test
    void liftIsTheRatioOfRatesLessOneWithAKatzInterval() {
        // 60 of 1,000 against 40 of 1,000: RR 1.5; SE of ln RR = sqrt(1/60 - 1/1000 + 1/40 - 1/1000) = 0.19917.
        Lift lift = Lift.of(60, 1_000, 40, 1_000).orElseThrow();
        assertThat(lift.relative()).isCloseTo(0.5, within(1e-9));
        assertThat(lift.low()).isCloseTo(Math.exp(Math.log(1.5) - 1.959964 * 0.199165) - 1, within(1e-4));
        assertThat(lift.high()).isCloseTo(Math.exp(Math.log(1.5) + 1.959964 * 0.199165) - 1, within(1e-4));
        assertThat(lift.low()).isCloseTo(0.0152, within(1e-3));
        assertThat(lift.high()).isCloseTo(1.2163, within(1e-3));
    }

    @Test
    void noLiftWithoutConversionsOnBothSides() {
        assertThat(Lift.of(0, 100, 5, 100)).isEmpty();
        assertThat(Lift.of(5, 100, 0, 100)).isEmpty();
        assertThat(Lift.of(5, 100, 5, 0)).isEmpty();
    }

    @Test
    void aWorseVariantHasNegativeLift() {
        Lift lift = Lift.of(20, 1_000, 40, 1_000).orElseThrow();
        assertThat(lift.relative()).isCloseTo(-0.5, within(1e-9));
        assertThat(lift.high()).isLessThan(0);
    }
}
