package io.rapport.messaging.inbound;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a complaint from a merely unhappy message: negative in tone (VADER compound at most
 * {@value #NEGATIVE}, VADER's own threshold for negative) and naming a problem (one of {@link #CUES}: something
 * broken, late, missing, wrong, charged, refunded, cancelled, or the word complaint itself). "I hate Mondays"
 * is negative but no complaint; "where is my refund?" names a problem but, asked politely, is a question.
 */
public final class ComplaintReader {

    static final double NEGATIVE = -0.05;
    static final List<String> CUES = List.of("refund", "broken", "damaged", "faulty", "defective", "not working",
            "doesn't work", "does not work", "stopped working", "never arrived", "not arrived", "hasn't arrived",
            "has not arrived", "didn't arrive", "did not arrive", "late", "delayed", "missing", "wrong",
            "charged twice", "overcharged", "double charged", "cancel", "complaint", "complain", "unacceptable",
            "rude", "scam", "still waiting", "no one", "nobody", "never again", "disappointed", "terrible", "awful",
            "worst", "horrible", "useless", "ridiculous");
    private static final List<Pattern> CUE_PATTERNS = CUES.stream()
            .map(cue -> Pattern.compile("\\b" + Pattern.quote(cue) + "\\w{0,3}\\b")).toList();
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    private ComplaintReader() {
    }

    public static boolean isComplaint(String text, double compound) {
        return compound <= NEGATIVE && namesAProblem(text);
    }

    /** The sentence that states the problem: the first with a cue, else the first; at most 160 characters. */
    public static String issue(String text) {
        String[] sentences = SENTENCE_END.split(text.strip());
        String chosen = sentences[0];
        for (String sentence : sentences) {
            if (namesAProblem(sentence)) {
                chosen = sentence;
                break;
            }
        }
        chosen = chosen.strip().replaceAll("\\s+", " ");
        if (chosen.length() <= 160) {
            return chosen;
        }
        int cut = chosen.lastIndexOf(' ', 159);
        return chosen.substring(0, cut > 80 ? cut : 159) + "…";
    }

    private static boolean namesAProblem(String text) {
        String lower = " " + text.toLowerCase(Locale.ROOT).replace('’', '\'') + " ";
        return CUE_PATTERNS.stream().anyMatch(cue -> cue.matcher(lower).find());
    }
}
