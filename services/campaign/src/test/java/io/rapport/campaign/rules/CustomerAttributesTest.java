package io.rapport.campaign.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.google.protobuf.Timestamp;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.ConsentState;
import io.rapport.proto.relationship.v1.CustomerProfile;
import io.rapport.proto.relationship.v1.Prediction;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.Spend;
import io.rapport.proto.relationship.v1.Stage;
import org.junit.jupiter.api.Test;

class CustomerAttributesTest {

    @Test
    void aRelationshipViewReadsAsTheRulesAttributes() {
        Relationship view = Relationship.newBuilder().setCustomerId("ada").setStage(Stage.STAGE_AT_RISK)
                .setPrediction(Prediction.newBuilder().setProbabilityAlive(0.25).setBigSpender(true))
                .setLastPurchaseTime(Timestamp.newBuilder().setSeconds(1_767_000_000L))
                .addSpend(Spend.newBuilder().setCurrency("EUR").setAmount("19.99"))
                .addConsents(ConsentState.newBuilder().setChannel(Channel.CHANNEL_EMAIL).setPurpose("marketing")
                        .setGranted(true))
                .setPreferredChannel(Channel.CHANNEL_SMS).addInterests("shoes").setOrderCount(3)
                .setProfile(CustomerProfile.newBuilder().setEmail("ada@example.com").putAttributes("tier", "gold"))
                .build();

        var attributes = CustomerAttributes.of(view);

        assertThat(attributes).containsEntry("stage", "at_risk").containsEntry("churn_risk", 0.75)
                .containsEntry("big_spender", true).containsEntry("spend.EUR", 19.99)
                .containsEntry("consent.email", true).containsEntry("consent.sms", false)
                .containsEntry("preferred_channel", "sms").containsEntry("order_count", 3.0)
                .containsEntry("has_email", true).containsEntry("attribute.tier", "gold")
                .containsEntry("last_purchase_at", Instant.ofEpochSecond(1_767_000_000L))
                .doesNotContainKey("sentiment");
        assertThat(SegmentRule.parse("stage = \"at_risk\" and churn_risk >= 0.7 and consent.email and "
                + "interests contains \"shoes\"").matches(attributes, Instant.now())).isTrue();
    }
}
