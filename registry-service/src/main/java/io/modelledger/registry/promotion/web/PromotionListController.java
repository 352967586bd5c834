package io.modelledger.registry.promotion.web;

import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.promotion.api.FindPolicyChange;
import io.modelledger.registry.promotion.api.ListPolicyChanges;
import io.modelledger.registry.promotion.api.ListPromotions;
import io.modelledger.registry.promotion.api.PolicyChangeList;
import io.modelledger.registry.promotion.api.PolicyChangeView;
import io.modelledger.registry.promotion.api.PromotionList;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Promotions, and changes of promotion and guard policies, of every model and prompt in one status, newest first: an
 * approver's and an admin's inbox ({@code ?status=pending}). Reading is open to every reader, as each promotion and
 * policy is; deciding stays with the subject's aggregate.
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

    @GetMapping("/api/registry/policy-changes")
    PolicyChangeList policyChanges(@RequestParam(defaultValue = "pending") @Pattern(regexp = "^(pending|approved|rejected|expired)$",
                                                                                message = "must be pending, approved, rejected or expired") String status,
                                   @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return queries.query(new ListPolicyChanges(status, limit), ResponseTypes.instanceOf(PolicyChangeList.class)).join();
    }

    @GetMapping("/api/registry/policy-changes/{changeId}")
    PolicyChangeView policyChange(@PathVariable @Pattern(regexp = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", message = "must be a change id (a UUID)") String changeId) {
        return queries.query(new FindPolicyChange(changeId), ResponseTypes.optionalInstanceOf(PolicyChangeView.class)).join()
                      .orElseThrow(() -> new NotFoundException("No policy change " + changeId));
    }
}
