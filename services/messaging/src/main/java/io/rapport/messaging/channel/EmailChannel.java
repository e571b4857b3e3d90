package io.rapport.messaging.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail over SMTP. Each message gets a Message-ID derived from its id, so a retry is recognizably the same
 * message, and List-Unsubscribe headers with a signed one-click link (RFC 8058).
 */
public class EmailChannel {

    private final JavaMailSender mail;
    private final String from;
    private final TrackingLinks links;

    public EmailChannel(JavaMailSender mail, String from, TrackingLinks links) {
        this.mail = mail;
        this.from = from;
        this.links = links;
    }

    /** Hands the message to the SMTP server; answers its Message-ID. */
    public String send(String messageId, String to, String subject, String body) throws MessagingException {
        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(subject == null ? "" : subject);
        helper.setText(body);
        String id = messageIdHeader(messageId);
        message.setHeader("Message-ID", id);
        String unsubscribe = links.unsubscribe(messageId);
        message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        mail.send(message);
        return id;
    }

    /** The Message-ID a message gets: the same on every attempt. */
    public static String messageIdHeader(String messageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest, 0, 16) + "@rapport>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
