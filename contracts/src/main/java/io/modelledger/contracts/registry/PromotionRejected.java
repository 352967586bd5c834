package io.modelledger.contracts.registry;

import java.util.List;

/** A promotion was refused; {@code reasons} lists every unmet condition, or the approver's reason. */
public record PromotionRejected(String promotionId, String modelName, int version, String alias, List<String> reasons) {

    public PromotionRejected {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
