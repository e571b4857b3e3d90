package io.rapport.campaign.rules;

/** A segment rule that does not parse or does not make sense, with where (1-based character) and why. */
public class RuleSyntaxException extends IllegalArgumentException {

    private final int position;

    public RuleSyntaxException(int position, String cause) {
        super("position " + position + ": " + cause);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
