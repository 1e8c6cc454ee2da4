package jp.renkei.plan.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import jp.renkei.plan.search.PlanSearch;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class SearchController {

    private final PlanSearch search;

    SearchController(PlanSearch search) {
        this.search = search;
    }

    /** Passages of the plan containing {@code q}, whatever its width or kana (ﾜｰｸﾗｲﾌ finds ワークライフバランス). */
    @GetMapping("/plans/{planId}/search")
    List<PlanSearch.Hit> search(@PathVariable @Pattern(regexp = Ids.PATTERN) String planId,
                                @RequestParam @NotBlank @Size(max = 200) String q) {
        return search.search(planId, q);
    }
}
