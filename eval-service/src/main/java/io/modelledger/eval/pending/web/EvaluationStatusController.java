package io.modelledger.eval.pending.web;

import io.modelledger.eval.pending.api.FindEvaluationStatus;
import io.modelledger.eval.pending.api.PendingEvaluationView;
import io.modelledger.platform.domain.NotFoundException;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the evaluation service knows of a model version. */
@RestController
@Validated
@RequestMapping("/api/eval/models/{name}/versions")
class EvaluationStatusController {

    private final QueryGateway queries;

    EvaluationStatusController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{version}")
    PendingEvaluationView get(@PathVariable String name, @PathVariable @Min(1) int version) {
        return queries.query(new FindEvaluationStatus(name, version),
                             ResponseTypes.optionalInstanceOf(PendingEvaluationView.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("The evaluation service knows no version " + version
                                                                          + " of model '" + name + "'"));
    }
}
