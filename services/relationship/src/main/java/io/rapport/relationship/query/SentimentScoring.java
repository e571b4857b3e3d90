package io.rapport.relationship.query;

import io.rapport.relationship.api.ScoreSentimentQuery;
import io.rapport.relationship.api.Sentiment;
import io.rapport.relationship.intelligence.Vader;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Scores texts for other services (messaging reads complaints with it) with the same VADER as interactions. */
@Component
public class SentimentScoring {

    private final Vader vader;

    public SentimentScoring(Vader vader) {
        this.vader = vader;
    }

    @QueryHandler
    public Sentiment handle(ScoreSentimentQuery query) {
        return vader.score(query.text());
    }
}
