package io.rapport.relationship.intelligence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.rapport.relationship.api.Sentiment;

/**
 * VADER sentiment (Hutto and Gilbert, ICWSM 2014): lexicon valences adjusted by the paper's rules — negation
 * within three words, intensifiers ("very", "kinda"), "but" shifting the weight to what follows, ALL CAPS
 * emphasis amid lower case, and "!" and "?" emphasis — then normalized. Idioms ("the bomb") are not applied;
 * "but" weighs sentiments by position (the reference implementation looks them up by value).
 */
public final class Vader {

    private static final double BOOST_INCREMENT = 0.293;
    private static final double BOOST_DECREMENT = -0.293;
    private static final double CAPS_INCREMENT = 0.733;
    private static final double NEGATION_SCALAR = -0.74;
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static final Set<String> NEGATIONS = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent",
            "didnt", "doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt",
            "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
            "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
            "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh",
            "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

    private static final Map<String, Double> BOOSTERS = boosters();

    private final Map<String, Double> lexicon;

    private Vader(Map<String, Double> lexicon) {
        this.lexicon = lexicon;
    }

    /** VADER with the lexicon shipped in this service (MIT, see vader/LICENSE.vaderSentiment.txt). */
    public static Vader withBundledLexicon() {
        try (InputStream in = Vader.class.getResourceAsStream("/vader/vader_lexicon.txt")) {
            if (in == null) {
                throw new IllegalStateException("vader/vader_lexicon.txt is missing from the classpath");
            }
            Map<String, Double> lexicon = new HashMap<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().forEach(line -> {
                String[] fields = line.split("\t");
                if (fields.length >= 2) {
                    lexicon.put(fields[0], Double.parseDouble(fields[1]));
                }
            });
            return new Vader(Map.copyOf(lexicon));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the VADER lexicon", e);
        }
    }

    public Sentiment score(String text) {
        List<String> words = words(text);
        boolean capsDiffer = capsDiffer(words);
        List<Double> sentiments = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String lower = lower(words.get(i));
            boolean kindOf = lower.equals("kind") && i < words.size() - 1 && lower(words.get(i + 1)).equals("of");
            sentiments.add(BOOSTERS.containsKey(lower) || kindOf ? 0.0 : valence(words, i, capsDiffer));
        }
        butCheck(words, sentiments);
        return scores(sentiments, text);
    }

    private double valence(List<String> words, int i, boolean capsDiffer) {
        String item = words.get(i);
        String lower = lower(item);
        Double base = lexicon.get(lower);
        if (base == null) {
            return 0;
        }
        double valence = base;
        if (lower.equals("no") && i != words.size() - 1 && lexicon.containsKey(lower(words.get(i + 1)))) {
            valence = 0;
        }
        if ((i > 0 && lower(words.get(i - 1)).equals("no")) || (i > 1 && lower(words.get(i - 2)).equals("no"))
                || (i > 2 && lower(words.get(i - 3)).equals("no")
                && Set.of("or", "nor").contains(lower(words.get(i - 1))))) {
            valence = base * NEGATION_SCALAR;
        }
        if (isUpper(item) && capsDiffer) {
            valence += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
        }
        for (int start = 0; start < 3; start++) {
            if (i > start && !lexicon.containsKey(lower(words.get(i - (start + 1))))) {
                double scalar = scalarIncrement(words.get(i - (start + 1)), valence, capsDiffer);
                if (start == 1) {
                    scalar *= 0.95;
                } else if (start == 2) {
                    scalar *= 0.9;
                }
                valence = negationCheck(valence + scalar, words, start, i);
                if (start == 2) {
                    valence += phraseBooster(words, i);
                }
            }
        }
        return leastCheck(valence, words, i);
    }

    private static double scalarIncrement(String word, double valence, boolean capsDiffer) {
        Double booster = BOOSTERS.get(lower(word));
        if (booster == null) {
            return 0;
        }
        double scalar = valence < 0 ? -booster : booster;
        if (isUpper(word) && capsDiffer) {
            scalar += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
        }
        return scalar;
    }

    /** Two- and three-word dampeners and boosters just before the word: "kind of good", "sort of nice". */
    private static double phraseBooster(List<String> words, int i) {
        String one = lower(words.get(i - 1));
        String two = lower(words.get(i - 2));
        String three = lower(words.get(i - 3));
        for (String phrase : List.of(three + " " + two + " " + one, three + " " + two, two + " " + one)) {
            Double booster = BOOSTERS.get(phrase);
            if (booster != null) {
                return booster;
            }
        }
        return 0;
    }

    private static double negationCheck(double valence, List<String> words, int start, int i) {
        String one = lower(words.get(i - 1));
        String two = i > 1 ? lower(words.get(i - 2)) : "";
        String three = i > 2 ? lower(words.get(i - 3)) : "";
        if (start == 0) {
            return negated(one) ? valence * NEGATION_SCALAR : valence;
        }
        if (start == 1) {
            if (two.equals("never") && (one.equals("so") || one.equals("this"))) {
                return valence * 1.25;
            }
            if (two.equals("without") && one.equals("doubt")) {
                return valence;
            }
            return negated(two) ? valence * NEGATION_SCALAR : valence;
        }
        if ((three.equals("never") && (two.equals("so") || two.equals("this"))) || one.equals("so") || one.equals("this")) {
            return valence * 1.25;
        }
        if (three.equals("without") && (two.equals("doubt") || one.equals("doubt"))) {
            return valence;
        }
        return negated(three) ? valence * NEGATION_SCALAR : valence;
    }

    private double leastCheck(double valence, List<String> words, int i) {
        if (i > 1 && lower(words.get(i - 1)).equals("least") && !lexicon.containsKey("least")) {
            String before = lower(words.get(i - 2));
            return before.equals("at") || before.equals("very") ? valence : valence * NEGATION_SCALAR;
        }
        if (i > 0 && lower(words.get(i - 1)).equals("least") && !lexicon.containsKey("least")) {
            return valence * NEGATION_SCALAR;
        }
        return valence;
    }

    /** What comes after "but" weighs more than what came before it. */
    private static void butCheck(List<String> words, List<Double> sentiments) {
        int but = -1;
        for (int i = 0; i < words.size() && but < 0; i++) {
            if (lower(words.get(i)).equals("but")) {
                but = i;
            }
        }
        if (but < 0) {
            return;
        }
        for (int i = 0; i < sentiments.size(); i++) {
            if (i < but) {
                sentiments.set(i, sentiments.get(i) * 0.5);
            } else if (i > but) {
                sentiments.set(i, sentiments.get(i) * 1.5);
            }
        }
    }

    private static Sentiment scores(List<Double> sentiments, String text) {
        if (sentiments.isEmpty()) {
            return new Sentiment(0, 0, 0, 0);
        }
        double sum = sentiments.stream().mapToDouble(Double::doubleValue).sum();
        double emphasis = punctuationEmphasis(text);
        if (sum > 0) {
            sum += emphasis;
        } else if (sum < 0) {
            sum -= emphasis;
        }
        double compound = Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + 15)));
        double positive = 0;
        double negative = 0;
        int neutral = 0;
        for (double s : sentiments) {
            if (s > 0) {
                positive += s + 1;
            } else if (s < 0) {
                negative += s - 1;
            } else {
                neutral++;
            }
        }
        if (positive > Math.abs(negative)) {
            positive += emphasis;
        } else if (positive < Math.abs(negative)) {
            negative -= emphasis;
        }
        double total = positive + Math.abs(negative) + neutral;
        return new Sentiment(round(Math.abs(negative / total), 3), round(Math.abs(neutral / total), 3),
                round(Math.abs(positive / total), 3), round(compound, 4));
    }

    private static double punctuationEmphasis(String text) {
        long exclamations = Math.min(text.chars().filter(c -> c == '!').count(), 4);
        long questions = text.chars().filter(c -> c == '?').count();
        double questionEmphasis = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
        return exclamations * 0.292 + questionEmphasis;
    }

    /** Whitespace tokens with surrounding punctuation removed, unless that leaves two characters or fewer (":)"). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            String stripped = strip(token);
            words.add(stripped.length() <= 2 ? token : stripped);
        }
        return words;
    }

    private static String strip(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && PUNCTUATION.indexOf(token.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && PUNCTUATION.indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        return token.substring(start, end);
    }

    private static boolean capsDiffer(List<String> words) {
        long upper = words.stream().filter(Vader::isUpper).count();
        return upper > 0 && upper < words.size();
    }

    /** Python's str.isupper(): at least one cased character and no lower-case one. */
    private static boolean isUpper(String word) {
        boolean cased = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            cased |= Character.isUpperCase(c);
        }
        return cased;
    }

    private static boolean negated(String word) {
        return NEGATIONS.contains(word) || word.contains("n't");
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, Double> boosters() {
        Map<String, Double> boosters = new HashMap<>();
        for (String word : List.of("absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
                "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
                "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
                "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
                "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly",
                "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
                "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually",
                "utter", "utterly", "very")) {
            boosters.put(word, BOOST_INCREMENT);
        }
        for (String word : List.of("almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof",
                "kind-of", "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce",
                "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of")) {
            boosters.put(word, BOOST_DECREMENT);
        }
        return Map.copyOf(boosters);
    }
}
