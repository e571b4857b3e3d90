package io.rapport.messaging.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.SendMessageCommand;

/**
 * The checks every message passes before it is rendered; the first that refuses gives the suppression reason.
 * Marketing messages need the customer's marketing consent for the channel, wait out quiet hours in the
 * customer's time zone, and count against one cap across all channels (both set per workspace); transactional
 * messages are exempt from all three. A known-bad address refuses both.
 */
public class SendPolicy {

    private static final int CAP_LOCKS = 256;

    private final CustomerFacts facts;
    private final BadAddresses badAddresses;
    private final WorkspaceSettings settings;
    private final MarketingSends marketingSends;
    private final Object[] capLocks = new Object[CAP_LOCKS];

    public SendPolicy(CustomerFacts facts, BadAddresses badAddresses, MarketingSends marketingSends,
                      WorkspaceSettings settings) {
        this.facts = facts;
        this.badAddresses = badAddresses;
        this.marketingSends = marketingSends;
        this.settings = settings;
        Arrays.setAll(capLocks, i -> new Object());
    }

    /**
     * Why the message must not be sent, or empty; a marketing message allowed counts against the cap. {@code known}
     * is the customer as already read for the message (null: not read), whose time zone then serves.
     */
    public Optional<String> refusal(SendMessageCommand command, Instant now, CustomerFacts.Customer known) {
        Optional<String> badAddress = badAddresses.refusal(command.tenant(), command.recipient(), command.purpose());
        if (badAddress.isPresent()) {
            return badAddress;
        }
        if (command.purpose() != MessagePurpose.MARKETING) {
            return Optional.empty();
        }
        if (!facts.consentHeld(command.tenant(), command.customerId(), command.channel(), "marketing", now)) {
            return Optional.of("no marketing consent for " + command.channel());
        }
        WorkspaceSettings.Settings rules = settings.of(command.tenant());
        ZoneId zone = (known != null ? known.timeZone() : facts.timeZone(command.tenant(), command.customerId()))
                .orElse(ZoneOffset.UTC);
        LocalTime local = now.atZone(zone).toLocalTime();
        if (isQuiet(local, rules.quietFrom(), rules.quietUntil())) {
            return Optional.of("quiet hours (" + rules.quietFrom() + "–" + rules.quietUntil() + " in " + zone.getId()
                    + ")");
        }
        return countAgainstCap(command.tenant() + "/" + command.customerId(), now, rules);
    }

    private static boolean isQuiet(LocalTime local, LocalTime from, LocalTime until) {
        return from.isAfter(until)
                ? !local.isBefore(from) || local.isBefore(until)
                : !local.isBefore(from) && local.isBefore(until);
    }

    /**
     * Checked and counted under the customer's lock (one service instance sends a workspace's marketing). The locks
     * are striped by customer: one lock for all customers made every send of every workspace wait for the others'
     * read and write of their counts, one after another.
     */
    private Optional<String> countAgainstCap(String customer, Instant now, WorkspaceSettings.Settings rules) {
        synchronized (capLocks[Math.floorMod(customer.hashCode(), capLocks.length)]) {
            List<Instant> sends = new ArrayList<>(marketingSends.since(customer, now.minus(rules.capWindow())));
            if (sends.size() >= rules.capCount()) {
                return Optional.of("frequency cap: " + rules.capCount() + " marketing messages per "
                        + rules.capWindow());
            }
            sends.add(now);
            marketingSends.save(customer, sends);
            return Optional.empty();
        }
    }
}
