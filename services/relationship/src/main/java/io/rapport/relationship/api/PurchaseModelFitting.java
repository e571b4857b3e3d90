package io.rapport.relationship.api;

import java.time.Instant;

/**
 * Fits a workspace's purchase models and records the fit. A call rather than a command: over a million customers a
 * fit takes minutes, longer than any message handler is given.
 */
public interface PurchaseModelFitting {

    /**
     * @param asOf the data cut-off; now when null
     * @return the fit, recorded as the workspace's latest
     */
    PurchaseModelFit fit(String tenant, Instant asOf);
}
