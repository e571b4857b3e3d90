package io.rapport.relationship.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.relationship.api.FindLatestPurchaseModelFitQuery;
import io.rapport.relationship.api.FindPurchaseModelFitQuery;
import io.rapport.relationship.api.ListPurchaseModelFitsQuery;
import io.rapport.relationship.api.Prediction;
import io.rapport.relationship.api.PurchaseModelFit;
import io.rapport.relationship.api.PurchaseModelFitting;
import io.rapport.relationship.api.PurchaseModelFitPage;
import io.rapport.relationship.intelligence.BgNbdModel;
import io.rapport.relationship.intelligence.Fit;
import io.rapport.relationship.intelligence.GammaGammaModel;
import io.rapport.relationship.intelligence.PurchaseScoring;
import io.rapport.relationship.intelligence.PurchaseSummary;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Learns across all of a workspace's customers: fits BG/NBD and Gamma-Gamma on the purchase days kept in the
 * relationship views (on request, and for every workspace on a schedule), records each fit, and scores single
 * customers with the fit that applies to the time they are read at.
 */
@Component
public class PurchaseModelFits implements PurchaseModelFitting {

    private static final Logger log = LoggerFactory.getLogger(PurchaseModelFits.class);
    private static final double DAYS_PER_WEEK = 7.0;
    /** How long a node trusts its cached latest fit before looking again (another node may have fitted). */
    private static final Duration CACHE_FOR = Duration.ofMinutes(1);

    private record Cached(PurchaseModelFit fit, Instant loadedAt) {
    }

    private final Supplier<RelationshipViewStore> views;
    private final MongoCollection<Document> fits;
    private final MongoCollection<Document> latest;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Autowired
    public PurchaseModelFits(ActiveViews views, MongoDatabase database) {
        this(views::store, database, Clock.systemUTC());
    }

    PurchaseModelFits(Supplier<RelationshipViewStore> views, MongoDatabase database, Clock clock) {
        this.views = views;
        this.fits = database.getCollection("purchase_model_fits");
        fits.createIndex(Indexes.descending("tenant", "fittedAt", "_id"));
        this.latest = database.getCollection("purchase_model_latest");
        this.clock = clock;
    }

    @Override
    public PurchaseModelFit fit(String tenant, Instant asOf) {
        return fitAsOf(tenant, asOf == null ? clock.instant() : asOf);
    }

    /** Refits every workspace on the data as of now. */
    @Scheduled(fixedDelayString = "${rapport.models.refit-interval:24h}",
            initialDelayString = "${rapport.models.refit-interval:24h}")
    public void refitAll() {
        for (String tenant : views.get().tenants()) {
            try {
                fitAsOf(tenant, clock.instant());
            } catch (RuntimeException e) {
                log.warn("Scheduled purchase-model fit of workspace {} failed", tenant, e);
            }
        }
    }

    private PurchaseModelFit fitAsOf(String tenant, Instant asOf) {
        long started = System.nanoTime();
        long cutoffDay = asOf.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
        List<List<RelationshipState.PurchaseDay>> customers = new ArrayList<>();
        Map<String, Long> pricedDays = new HashMap<>();
        long[] hours = new long[24];
        views.get().forEachInTenant(tenant, state -> {
            if (state.mergedInto() != null) {
                return; // their purchases are counted in the view of the customer they were merged into
            }
            List<RelationshipState.PurchaseDay> days = state.purchaseDays();
            if (!days.isEmpty() && days.get(0).epochDay() <= cutoffDay) {
                customers.add(days);
                days.stream().filter(d -> d.epochDay() <= cutoffDay)
                        .forEach(d -> d.value().keySet().forEach(c -> pricedDays.merge(c, 1L, Long::sum)));
            }
            long[] customerHours = state.responseHours();
            for (int hour = 0; hour < 24; hour++) {
                hours[hour] += customerHours[hour];
            }
        });
        String currency = PurchaseSummaries.mainCurrency(pricedDays);
        List<PurchaseSummary> summaries = customers.stream()
                .map(days -> PurchaseSummaries.summarize(days, cutoffDay, currency)).toList();
        if (summaries.stream().noneMatch(s -> s.frequency() > 0)) {
            throw RequestRejectedException.failedPrecondition("workspace " + tenant + " has no repeat purchases up to " + asOf
                    + " (" + summaries.size() + " customers with a purchase): nothing to fit the models on");
        }
        Fit<BgNbdModel> frequency = BgNbdModel.fit(summaries);
        Fit<GammaGammaModel> spend = summaries.stream().anyMatch(s -> s.frequency() > 0 && s.averageRepeatSpend() > 0)
                ? GammaGammaModel.fit(summaries) : null;
        PurchaseModelFit fit = new PurchaseModelFit(UUID.randomUUID().toString(), tenant, asOf, clock.instant(),
                frequency.model().r(), frequency.model().alpha(), frequency.model().a(), frequency.model().b(),
                frequency.logLikelihood(), spend == null ? Double.NaN : spend.model().p(),
                spend == null ? Double.NaN : spend.model().q(), spend == null ? Double.NaN : spend.model().gamma(),
                spend == null ? Double.NaN : spend.logLikelihood(), summaries.size(), currency,
                spend == null ? Double.NaN : bigSpenderThreshold(frequency.model(), spend.model(), summaries),
                pattern(hours));
        fits.insertOne(toDocument(fit));
        latest.replaceOne(eq("_id", tenant), new Document("_id", tenant).append("fitId", fit.id()),
                new ReplaceOptions().upsert(true));
        cache.put(tenant, new Cached(fit, clock.instant()));
        log.info("Fitted the purchase models of workspace {} on {} customers as of {} in {} ms: r={} alpha={} a={} "
                        + "b={} (LL {}), p={} q={} gamma={}", tenant, summaries.size(), asOf,
                (System.nanoTime() - started) / 1_000_000, fit.r(), fit.alpha(), fit.a(), fit.b(),
                fit.logLikelihood(), fit.p(), fit.q(), fit.gamma());
        return fit;
    }

    private static double bigSpenderThreshold(BgNbdModel frequency, GammaGammaModel spend,
                                              List<PurchaseSummary> summaries) {
        PurchaseScoring scoring = new PurchaseScoring(frequency, spend);
        double horizon = PurchaseScoring.BIG_SPENDER_HORIZON_DAYS / DAYS_PER_WEEK;
        double[] values = summaries.stream().mapToDouble(s -> scoring.score(s, horizon).expectedValue()).sorted()
                .toArray();
        return values[(int) Math.min(values.length - 1, Math.floor(PurchaseScoring.BIG_SPENDER_QUANTILE * values.length))];
    }

    private static List<Double> pattern(long[] hours) {
        double total = Arrays.stream(hours).sum();
        List<Double> pattern = new ArrayList<>(24);
        for (long count : hours) {
            pattern.add(total == 0 ? 0 : count / total);
        }
        return pattern;
    }

    @QueryHandler
    public PurchaseModelFit handle(FindLatestPurchaseModelFitQuery query) {
        return query.asOfUpTo() == null ? latest(query.tenant()) : latestUpTo(query.tenant(), query.asOfUpTo());
    }

    @QueryHandler
    public PurchaseModelFit handle(FindPurchaseModelFitQuery query) {
        Document document = fits.find(and(eq("_id", query.id()), eq("tenant", query.tenant()))).first();
        return document == null ? null : fromDocument(document);
    }

    /** Every recorded fit of the workspace, newest first. */
    @QueryHandler
    public PurchaseModelFitPage handle(ListPurchaseModelFitsQuery query) {
        NewestFirst.Page<PurchaseModelFit> page = NewestFirst.page(fits, query.tenant(), "fittedAt",
                query.pageSize(), query.pageToken(), PurchaseModelFits::fromDocument, PurchaseModelFit::fittedAt,
                PurchaseModelFit::id);
        return new PurchaseModelFitPage(page.items(), page.nextPageToken());
    }

    /** The workspace's most recent fit, or null before the first. */
    PurchaseModelFit latest(String tenant) {
        if (tenant == null) {
            return null;
        }
        Cached cached = cache.get(tenant);
        if (cached != null && cached.loadedAt().plus(CACHE_FOR).isAfter(clock.instant())) {
            return cached.fit();
        }
        Document pointer = latest.find(eq("_id", tenant)).first();
        PurchaseModelFit fit = pointer == null ? null
                : fromDocument(fits.find(eq("_id", pointer.getString("fitId"))).first());
        if (fit != null) {
            cache.put(tenant, new Cached(fit, clock.instant()));
        }
        return fit;
    }

    /** The latest fit on data up to {@code upTo}: what the workspace could have known about then. */
    PurchaseModelFit latestUpTo(String tenant, Instant upTo) {
        List<PurchaseModelFit> candidates = new ArrayList<>();
        fits.find(eq("tenant", tenant)).forEach(d -> candidates.add(fromDocument(d)));
        return candidates.stream().filter(f -> !f.asOf().isAfter(upTo))
                .max(Comparator.comparing(PurchaseModelFit::asOf).thenComparing(PurchaseModelFit::fittedAt))
                .orElse(null);
    }

    /** The workspace's response pattern by hour recorded with a fit; null without one. */
    static double[] hourPattern(PurchaseModelFit fit) {
        return fit == null ? null : fit.hourPattern().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Scores a customer as of {@code at} with {@code fit}; null if there is no fit or no purchase yet. */
    static Prediction predict(PurchaseModelFit fit, RelationshipState state, Instant at, int horizonDays) {
        if (fit == null || Double.isNaN(fit.p())) {
            return null;
        }
        PurchaseSummary summary = PurchaseSummaries.summarize(state.purchaseDays(),
                at.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay(), fit.currency());
        if (summary == null) {
            return null;
        }
        PurchaseScoring scoring = new PurchaseScoring(new BgNbdModel(fit.r(), fit.alpha(), fit.a(), fit.b()),
                new GammaGammaModel(fit.p(), fit.q(), fit.gamma()));
        PurchaseScoring.Score score = scoring.score(summary, horizonDays / DAYS_PER_WEEK);
        double yearValue = scoring.score(summary, PurchaseScoring.BIG_SPENDER_HORIZON_DAYS / DAYS_PER_WEEK)
                .expectedValue();
        return new Prediction(score.probabilityAlive(), score.expectedPurchases(), score.expectedAverageSpend(),
                score.expectedValue(), horizonDays, score.churnRisk(), yearValue >= fit.bigSpenderThreshold(),
                fit.id(), at);
    }

    private static Document toDocument(PurchaseModelFit fit) {
        return new Document("_id", fit.id()).append("tenant", fit.tenant()).append("asOf", Date.from(fit.asOf()))
                .append("fittedAt", Date.from(fit.fittedAt())).append("r", fit.r()).append("alpha", fit.alpha())
                .append("a", fit.a()).append("b", fit.b()).append("logLikelihood", fit.logLikelihood())
                .append("p", fit.p()).append("q", fit.q()).append("gamma", fit.gamma())
                .append("spendLogLikelihood", fit.spendLogLikelihood()).append("customers", fit.customers())
                .append("currency", fit.currency()).append("bigSpenderThreshold", fit.bigSpenderThreshold())
                .append("hourPattern", fit.hourPattern());
    }

    private static PurchaseModelFit fromDocument(Document d) {
        return d == null ? null : new PurchaseModelFit(d.getString("_id"), d.getString("tenant"),
                d.getDate("asOf").toInstant(), d.getDate("fittedAt").toInstant(), d.getDouble("r"),
                d.getDouble("alpha"), d.getDouble("a"), d.getDouble("b"), d.getDouble("logLikelihood"),
                d.getDouble("p"), d.getDouble("q"), d.getDouble("gamma"), d.getDouble("spendLogLikelihood"),
                d.getInteger("customers"), d.getString("currency"), d.getDouble("bigSpenderThreshold"),
                d.getList("hourPattern", Double.class));
    }
}
