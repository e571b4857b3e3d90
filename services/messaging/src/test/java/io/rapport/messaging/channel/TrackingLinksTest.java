package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackingLinksTest {

    private final TrackingLinks links = new TrackingLinks("https://rapport.example.com/", "secret");

    @Test
    void aLinkNamesItsMessageOnlyWhileNothingInItChanged() {
        String token = links.token("acme/order-17", "");

        assertThat(links.verify(token)).contains("acme/order-17");
        assertThat(links.verify(token.replace('.', '-'))).isEmpty();
        assertThat(links.verify(token.substring(0, token.length() - 1) + "x")).isEmpty();
        assertThat(new TrackingLinks("https://rapport.example.com", "other secret").verify(token)).isEmpty();
        assertThat(links.unsubscribe("acme/order-17")).isEqualTo("https://rapport.example.com/t/unsubscribe/" + token);
    }

    @Test
    void aClickLinksSignatureCoversItsTarget() {
        String link = links.click("acme/order-17", "https://shop.example.com/a?b=c");
        String token = link.substring(link.indexOf("/t/click/") + 9, link.indexOf('?'));

        assertThat(links.verify(token, "https://shop.example.com/a?b=c")).contains("acme/order-17");
        assertThat(links.verify(token, "https://evil.example.com")).isEmpty();
        assertThat(link).endsWith("?u=https%3A%2F%2Fshop.example.com%2Fa%3Fb%3Dc");
    }
}
