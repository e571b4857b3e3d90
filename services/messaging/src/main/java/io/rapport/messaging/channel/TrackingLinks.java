package io.rapport.messaging.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rapport.platform.crypto.Digests;
import org.springframework.web.util.HtmlUtils;

/**
 * Links that come back to Rapport (unsubscribe, the open pixel, click redirects), signed with HMAC-SHA256 so that a
 * tampered link is recognized and refused.
 */
public class TrackingLinks {

    private static final Pattern HREF = Pattern.compile("(<a\\s[^>]*?href\\s*=\\s*[\"'])(https?://[^\"']+)([\"'])",
            Pattern.CASE_INSENSITIVE);

    /** What a link is for: each is signed for its purpose, so the open pixel's token cannot unsubscribe anyone. */
    public enum Purpose {
        OPEN, CLICK, UNSUBSCRIBE
    }

    private final String publicUrl;
    private final byte[] key;

    public TrackingLinks(String publicUrl, String signingKey) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.key = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    public String unsubscribe(String messageId) {
        return publicUrl + "/t/unsubscribe/" + token(messageId, Purpose.UNSUBSCRIBE, "");
    }

    /** The open pixel's address. */
    public String open(String messageId) {
        return publicUrl + "/t/open/" + token(messageId, Purpose.OPEN, "");
    }

    /**
     * The HTML body as sent: every http(s) link leads through a click link (except the unsubscribe link, which is
     * already Rapport's), and an invisible pixel records the open.
     */
    public String instrument(String messageId, String html) {
        Matcher links = HREF.matcher(html);
        StringBuilder tracked = new StringBuilder();
        while (links.find()) {
            String target = HtmlUtils.htmlUnescape(links.group(2));
            String replacement = target.startsWith(publicUrl + "/t/") ? links.group()
                    : links.group(1) + HtmlUtils.htmlEscape(click(messageId, target)) + links.group(3);
            links.appendReplacement(tracked, Matcher.quoteReplacement(replacement));
        }
        links.appendTail(tracked);
        String pixel = "<img src=\"" + HtmlUtils.htmlEscape(open(messageId))
                + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">";
        int end = tracked.toString().toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? tracked + pixel : tracked.substring(0, end) + pixel + tracked.substring(end);
    }

    /** A link to {@code url} that records the click on the way; the signature covers the target too. */
    public String click(String messageId, String url) {
        return publicUrl + "/t/click/" + token(messageId, Purpose.CLICK, url) + "?u="
                + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    /** {@code base64url(messageId).signature}, the signature over the message id, the purpose and {@code target}. */
    public String token(String messageId, Purpose purpose, String target) {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(messageId.getBytes(StandardCharsets.UTF_8));
        return payload + "." + sign(payload + "\n" + purpose + "\n" + target);
    }

    /**
     * The message id a token made for {@code purpose} and {@code target} names, or empty when it was made for
     * another purpose, or it or the target was changed.
     */
    public Optional<String> verify(String token, Purpose purpose, String target) {
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        byte[] expected = sign(payload + "\n" + purpose + "\n" + target).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(String payload) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Digests.hmacSha256(key, payload.getBytes(StandardCharsets.UTF_8)));
    }
}
