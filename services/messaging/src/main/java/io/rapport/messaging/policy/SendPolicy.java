package io.rapport.messaging.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.SendMessageCommand;

/**
 * The checks every message passes before it is rendered; the first that refuses gives the suppression reason.
 * Marketing messages need the customer's marketing consent for the channel, wait out quiet hours in the
 * customer's time zone, and count against one cap across all channels; transactional messages are exempt from
 * all three. A known-bad address refuses both.
 */
public class SendPolicy {

    /** {@code count} marketing messages per customer in any {@code window}. */
    public record Cap(int count, Duration window) {
    }

    private final CustomerFacts facts;
    private final BadAddresses badAddresses;
    private final LocalTime quietFrom;
    private final LocalTime quietUntil;
    private final Cap cap;
    private final MarketingSends marketingSends;

    public SendPolicy(CustomerFacts facts, BadAddresses badAddresses, MarketingSends marketingSends,
                      LocalTime quietFrom, LocalTime quietUntil, Cap cap) {
        this.facts = facts;
        this.badAddresses = badAddresses;
        this.marketingSends = marketingSends;
        this.quietFrom = quietFrom;
        this.quietUntil = quietUntil;
        this.cap = cap;
    }

    /** Why the message must not be sent, or empty; a marketing message allowed counts against the cap. */
    public Optional<String> refusal(SendMessageCommand command, Instant now) {
        if (badAddresses.isBad(command.tenant(), command.recipient())) {
            return Optional.of("known-bad address: it bounced hard, complained or unsubscribed before");
        }
        if (command.purpose() != MessagePurpose.MARKETING) {
            return Optional.empty();
        }
        if (!facts.consentHeld(command.tenant(), command.customerId(), command.channel(), "marketing", now)) {
            return Optional.of("no marketing consent for " + command.channel());
        }
        ZoneId zone = facts.timeZone(command.tenant(), command.customerId()).orElse(ZoneOffset.UTC);
        LocalTime local = now.atZone(zone).toLocalTime();
        if (isQuiet(local)) {
            return Optional.of("quiet hours (" + quietFrom + "–" + quietUntil + " in " + zone.getId() + ")");
        }
        return countAgainstCap(command.tenant() + "/" + command.customerId(), now);
    }

    private boolean isQuiet(LocalTime local) {
        return quietFrom.isAfter(quietUntil)
                ? !local.isBefore(quietFrom) || local.isBefore(quietUntil)
                : !local.isBefore(quietFrom) && local.isBefore(quietUntil);
    }

    /** Checked and counted under one lock: one service instance sends a workspace's marketing. */
    private synchronized Optional<String> countAgainstCap(String customer, Instant now) {
        List<Instant> sends = new ArrayList<>(marketingSends.since(customer, now.minus(cap.window())));
        if (sends.size() >= cap.count()) {
            return Optional.of("frequency cap: " + cap.count() + " marketing messages per " + cap.window());
        }
        sends.add(now);
        marketingSends.save(customer, sends);
        return Optional.empty();
    }
}
