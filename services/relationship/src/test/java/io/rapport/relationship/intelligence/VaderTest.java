package io.rapport.relationship.intelligence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.relationship.api.Sentiment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compound scores the VADER authors publish for their examples, one rule of the paper each. */
class VaderTest {

    private static final Vader VADER = Vader.withBundledLexicon();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "VADER is smart, handsome, and funny.|0.8316",
            "VADER is smart, handsome, and funny!|0.8439",
            "VADER is very smart, handsome, and funny.|0.8545",
            "VADER is VERY SMART, handsome, and FUNNY.|0.9227",
            "VADER is VERY SMART, handsome, and FUNNY!!!|0.9342",
            "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!|0.9469",
            "VADER is not smart, handsome, nor funny.|-0.7424",
            "The book was good.|0.4404",
            "At least it isn't a horrible book.|0.431",
            "The book was only kind of good.|0.3832",
            "The plot was good, but the characters are uncompelling and the dialog is not great.|-0.7042",
            "Today SUX!|-0.5461",
            "Today only kinda sux! But I'll get by, lol|0.5249",
            "Make sure you :) or :D today!|0.8633",
            "Not bad at all|0.431",
            "The package arrived on Tuesday.|0.0"
    })
    void reproducesThePublishedCompoundScores(String text, double compound) {
        assertThat(VADER.score(text).compound()).isCloseTo(compound, within(0.0001));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "I am furious, my order never arrived and nobody answers!",
            "This is the worst service ever. Terrible."
    })
    void complaintsReadNegative(String text) {
        Sentiment sentiment = VADER.score(text);
        assertThat(sentiment.compound()).isLessThan(-0.05);
        assertThat(sentiment.negative()).isGreaterThan(sentiment.positive());
        assertThat(sentiment.negative() + sentiment.neutral() + sentiment.positive()).isCloseTo(1.0, within(0.002));
    }
}
