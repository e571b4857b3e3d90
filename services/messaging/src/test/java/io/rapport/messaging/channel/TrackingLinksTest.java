package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;

import static io.rapport.messaging.channel.TrackingLinks.Purpose.CLICK;
import static io.rapport.messaging.channel.TrackingLinks.Purpose.OPEN;
import static io.rapport.messaging.channel.TrackingLinks.Purpose.UNSUBSCRIBE;

import org.junit.jupiter.api.Test;

class TrackingLinksTest {

    private final TrackingLinks links = new TrackingLinks("https://rapport.example.com/", "secret");

    @Test
    void aLinkNamesItsMessageOnlyWhileNothingInItChanged() {
        String token = links.token("acme/order-17", UNSUBSCRIBE, "");

        assertThat(links.verify(token, UNSUBSCRIBE, "")).contains("acme/order-17");
        assertThat(links.verify(token.replace('.', '-'), UNSUBSCRIBE, "")).isEmpty();
        assertThat(links.verify(token.substring(0, token.length() - 1) + "x", UNSUBSCRIBE, "")).isEmpty();
        assertThat(new TrackingLinks("https://rapport.example.com", "other secret").verify(token, UNSUBSCRIBE, ""))
                .isEmpty();
        assertThat(links.unsubscribe("acme/order-17")).isEqualTo("https://rapport.example.com/t/unsubscribe/" + token);
    }

    @Test
    void aTokenOpensOnlyTheDoorItWasMadeFor() {
        String pixel = links.open("acme/order-17");
        String openToken = pixel.substring(pixel.lastIndexOf('/') + 1);

        assertThat(links.verify(openToken, OPEN, "")).contains("acme/order-17");
        assertThat(links.verify(openToken, UNSUBSCRIBE, "")).isEmpty();
        assertThat(links.verify(openToken, CLICK, "")).isEmpty();
    }

    @Test
    void aClickLinksSignatureCoversItsTarget() {
        String link = links.click("acme/order-17", "https://shop.example.com/a?b=c");
        String token = link.substring(link.indexOf("/t/click/") + 9, link.indexOf('?'));

        assertThat(links.verify(token, CLICK, "https://shop.example.com/a?b=c")).contains("acme/order-17");
        assertThat(links.verify(token, CLICK, "https://evil.example.com")).isEmpty();
        assertThat(link).endsWith("?u=https%3A%2F%2Fshop.example.com%2Fa%3Fb%3Dc");
    }

    @Test
    void anHtmlBodysLinksAreTrackedAndAnOpenPixelIsAdded() {
        String html = "<html><body><p>Hi!</p><a class=\"b\" href=\"https://shop.example.com/a?x=1&amp;y=2\">Shop</a>"
                + "<a href='" + links.unsubscribe("acme/m1") + "'>Unsubscribe</a> <a href=\"mailto:help@example.com\">Mail</a>"
                + "</body></html>";

        String sent = links.instrument("acme/m1", html);

        String click = links.click("acme/m1", "https://shop.example.com/a?x=1&y=2").replace("&", "&amp;");
        assertThat(sent).contains("<a class=\"b\" href=\"" + click + "\">Shop</a>")
                .contains("href='" + links.unsubscribe("acme/m1") + "'")
                .contains("href=\"mailto:help@example.com\"")
                .contains("<img src=\"" + links.open("acme/m1") + "\" width=\"1\" height=\"1\"")
                .endsWith("</body></html>");
        assertThat(sent.indexOf("<img")).isLessThan(sent.indexOf("</body>"));
    }
}
