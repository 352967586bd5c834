package io.modelledger.registry.promotion.web;

import io.modelledger.registry.promotion.api.ListPromotions;
import io.modelledger.registry.promotion.api.PromotionList;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Promotions of every model and prompt in one status, newest first: an approver's inbox
 * ({@code ?status=pending}). Reading is open to every reader, as each promotion is; deciding stays with
 * the subject's aggregate.
 */
@RestController
@Validated
class PromotionListController {

    private final QueryGateway queries;

    PromotionListController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/registry/promotions")
    PromotionList list(@RequestParam(defaultValue = "pending") @Pattern(regexp = "^(pending|completed|rejected|expired)$",
                                                                        message = "must be pending, completed, rejected or expired") String status,
                       @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return queries.query(new ListPromotions(status, limit), ResponseTypes.instanceOf(PromotionList.class)).join();
    }
}
