package io.rapport.messaging.inbound;

/**
 * The reply suggested for a complaint: an honest apology that names the customer, quotes their issue in their own
 * words, owns it, and says what happens next, without excuses or promises an agent cannot keep. Agents send it as
 * it is or edit it.
 */
public final class ApologyWriter {

    private ApologyWriter() {
    }

    /** {@code name}: the customer's first name, or null when nobody knows it. */
    public static String apology(String name, String text) {
        String greeting = name == null || name.isBlank() ? "Hello" : "Hi " + name.strip();
        return greeting + ",\n\n"
                + "I'm truly sorry. You wrote: \u201C" + ComplaintReader.issue(text) + "\u201D \u2014 that is not the "
                + "experience we want for you, and it is on us to put it right.\n\n"
                + "I am looking into it myself now and will come back to you today with what we will do about it.";
    }
}
