package io.rapport.messaging.config;

import io.rapport.messaging.channel.EmailChannel;
import io.rapport.messaging.channel.TrackingLinks;
import io.rapport.messaging.command.TemplateRenderer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** The messaging service's parts: templates, links back to Rapport, and the channels. */
@Configuration
public class MessagingConfiguration {

    @Bean
    public TemplateRenderer templateRenderer() {
        return new TemplateRenderer();
    }

    @Bean
    public TrackingLinks trackingLinks(@Value("${rapport.messaging.public-url}") String publicUrl,
                                       @Value("${rapport.messaging.signing-key}") String signingKey) {
        return new TrackingLinks(publicUrl, signingKey);
    }

    @Bean
    public EmailChannel emailChannel(JavaMailSender mail, TrackingLinks links,
                                     @Value("${rapport.messaging.email.from}") String from) {
        return new EmailChannel(mail, from, links);
    }
}
