package io.rapport.relationship.intelligence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The models reproduce the published fits on the CDNOW sample (2,357 customers; calibration 1997-01-01 to
 * 1997-09-30, same-day purchases counted once, time in weeks): Fader, Hardie and Lee (2005).
 */
class PurchaseModelsTest {

    private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    private static List<PurchaseSummary> customers;

    @BeforeAll
    static void summarizeCdnowSample() throws IOException {
        Map<String, TreeMap<LocalDate, Double>> spendByDay = new TreeMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                PurchaseModelsTest.class.getResourceAsStream("/cdnow/CDNOW_sample.txt"), StandardCharsets.US_ASCII))) {
            lines.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(line -> {
                String[] fields = line.split("\\s+");
                LocalDate day = LocalDate.parse(fields[2], DateTimeFormatter.BASIC_ISO_DATE);
                if (!day.isAfter(CALIBRATION_END)) {
                    spendByDay.computeIfAbsent(fields[0], c -> new TreeMap<>())
                            .merge(day, Double.parseDouble(fields[4]), Double::sum);
                }
            });
        }
        customers = new ArrayList<>();
        spendByDay.values().forEach(days -> {
            LocalDate first = days.firstKey();
            double repeatSpend = days.tailMap(first, false).values().stream().mapToDouble(Double::doubleValue).sum();
            int repeats = days.size() - 1;
            customers.add(new PurchaseSummary(repeats, weeks(first, days.lastKey()), weeks(first, CALIBRATION_END),
                    repeats == 0 ? 0 : repeatSpend / repeats));
        });
    }

    private static double weeks(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / 7.0;
    }

    @Test
    void bgNbdReproducesThePublishedFit() {
        assertThat(customers).hasSize(2_357);

        Fit<BgNbdModel> fit = BgNbdModel.fit(customers);

        assertThat(fit.model().r()).isCloseTo(0.243, withPercentage(1));
        assertThat(fit.model().alpha()).isCloseTo(4.414, withPercentage(1));
        assertThat(fit.model().a()).isCloseTo(0.793, withPercentage(1));
        assertThat(fit.model().b()).isCloseTo(2.426, withPercentage(1));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.5));
    }

    @Test
    void bgNbdPredictsThePublishedCustomer() {
        BgNbdModel published = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        PurchaseSummary customer = new PurchaseSummary(2, 30.43, 38.86, 0);

        assertThat(published.expectedPurchases(customer, 39)).isCloseTo(1.226, withPercentage(1));
        assertThat(published.probabilityAlive(customer)).isBetween(0.0, 1.0);
        assertThat(published.probabilityAlive(new PurchaseSummary(0, 0, 38.86, 0))).isEqualTo(1.0);
        assertThat(published.probabilityAlive(new PurchaseSummary(2, 5, 38.86, 0)))
                .as("the same purchases long ago mean less chance of still being a customer")
                .isLessThan(published.probabilityAlive(customer));
    }

    @Test
    void gammaGammaReproducesThePublishedFit() {
        Fit<GammaGammaModel> fit = GammaGammaModel.fit(customers);

        assertThat(fit.model().p()).isCloseTo(6.25, withPercentage(1));
        assertThat(fit.model().q()).isCloseTo(3.74, withPercentage(1));
        assertThat(fit.model().gamma()).isCloseTo(15.44, withPercentage(1));
        PurchaseSummary bigSpender = new PurchaseSummary(3, 20, 38, 80);
        double expected = fit.model().expectedAverageSpend(bigSpender);
        assertThat(expected).as("shrunk toward the population mean, but stays above it").isBetween(40.0, 80.0);
    }
}
