package io.rapport.relationship.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Page tokens as clients see them: opaque (URL-safe base64) and naming their list, so a token of one list handed to
 * another is refused rather than misread.
 */
final class PageTokens {

    private static final String NOT_OURS = "not a cursor from this list";

    private PageTokens() {
    }

    static String encode(String list, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** Where a page continues from: null for an empty token (the first page); a problem for one not of the list. */
    static String decode(String token, String list, Problems problems) {
        if (token.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(list + ":") && decoded.length() > list.length() + 1) {
                return decoded.substring(list.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // Not base64: reported below.
        }
        problems.add("cursor", NOT_OURS);
        return null;
    }
}
