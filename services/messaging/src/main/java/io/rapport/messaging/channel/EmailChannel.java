package io.rapport.messaging.channel;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.platform.crypto.Digests;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail over SMTP. Each message gets a Message-ID derived from its id, so a retry is recognizably the same
 * message, and List-Unsubscribe headers with a signed one-click link (RFC 8058). With an HTML body it goes as
 * multipart/alternative, the HTML carrying tracked links and an open pixel. An SMTP 5xx reply fails the
 * message; a 4xx reply, a refused connection or a timeout is retried.
 */
public class EmailChannel implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

    /** How the SMTP server's refusals read: the reply code first (Jakarta Mail keeps the server's text). */
    private static final Pattern SMTP_REPLY = Pattern.compile("([45]\\d\\d)[ -]");

    /** Jakarta Mail's stream provider interface, and the implementation the mail library ships. */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    private static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    static {
        // Jakarta Mail looks its stream provider up for every body part it writes; without this property each
        // lookup runs the ServiceLoader over every jar of the application (a quarter of a sender's time).
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
        }
    }

    private final JavaMailSender mail;
    private final String from;
    private final TrackingLinks links;

    public EmailChannel(JavaMailSender mail, String from, TrackingLinks links) {
        this.mail = mail;
        this.from = from;
        this.links = links;
    }

    @Override
    public Outcome send(MessageRenderedEvent message, int attempt) {
        try {
            MimeMessage mime = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, message.html() != null,
                    StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(message.recipient());
            helper.setSubject(message.subject() == null ? "" : message.subject());
            if (message.html() == null) {
                helper.setText(message.body());
            } else {
                helper.setText(message.body(), links.instrument(message.messageId(), message.html()));
            }
            String id = messageIdHeader(message.messageId());
            mime.setHeader("Message-ID", id);
            mime.setHeader("List-Unsubscribe", "<" + links.unsubscribe(message.messageId()) + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            mail.send(mime);
            return new Accepted(id);
        } catch (MessagingException e) {
            log.warn("Message {} could not be built as an e-mail", message.messageId(), e);
            return new Rejected("SMTP: the message could not be built as an e-mail");
        } catch (MailAuthenticationException e) {
            log.warn("The SMTP server refused Rapport's credentials", e);
            return new Retryable("SMTP: the server refused Rapport's credentials", null);
        } catch (MailSendException e) {
            return classify(e);
        } catch (MailException e) {
            log.warn("Handing message {} to the SMTP server failed", message.messageId(), e);
            return new Rejected("SMTP: the message could not be handed to the server");
        }
    }

    /**
     * A permanent (5xx) reply fails for good; anything else may pass. The history keeps the server's own reply,
     * or a summary of what went wrong; the log keeps the rest.
     */
    private static Outcome classify(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                Matcher reply = cause instanceof MessagingException && cause.getMessage() != null
                        ? SMTP_REPLY.matcher(cause.getMessage().strip()) : null;
                int code = reply != null && reply.lookingAt() ? Integer.parseInt(reply.group(1)) : 0;
                if (code >= 500) {
                    return new Rejected("SMTP " + code + ": " + firstLine(cause.getMessage()));
                }
                if (code >= 400) {
                    return new Retryable("SMTP " + code + ": " + firstLine(cause.getMessage()), null);
                }
            }
        }
        log.info("The SMTP server could not be reached", e);
        return new Retryable("SMTP: the server refused the connection or did not answer", null);
    }

    private static String firstLine(String reply) {
        String line = reply.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** The Message-ID a message gets: the same on every attempt. */
    public static String messageIdHeader(String messageId) {
        return "<" + HexFormat.of().formatHex(Digests.sha256(messageId), 0, 16) + "@rapport>";
    }
}
