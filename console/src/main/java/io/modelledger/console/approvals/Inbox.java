package io.modelledger.console.approvals;

import io.modelledger.console.api.Api;
import io.modelledger.console.session.ConsoleUser;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Pending promotions and policy changes of every model and prompt, each marked with what the signed-in person may do
 * about it. The
 * console offers an approval only to an approver who neither asked for it nor approved it already; the subject's
 * aggregate decides again when the approval arrives, so hiding a button is a courtesy, not the control.
 */
@Component
public class Inbox {

    private final Api api;

    Inbox(Api api) {
        this.api = api;
    }

    public record Item(Map<String, Object> promotion, boolean mine, boolean approvedByMe, boolean canApprove, boolean canReject) {

        public String kind() {
            return kindOf(promotion);
        }
    }

    /** The API's path segment for what a promotion or policy change is about ({@code subjectKind}): models or prompts. */
    static String kindOf(Map<String, Object> subjectOf) {
        return "prompt".equals(subjectOf.get("subjectKind")) ? "prompts" : "models";
    }

    public List<Item> pending(ConsoleUser me) {
        @SuppressWarnings("unchecked") List<Map<String, Object>> items = (List<Map<String, Object>>) api.get(
                Api.path("/api/registry/promotions").query("status", "pending").query("limit", 200)).getOrDefault("items", List.of());
        return items.stream().map(p -> item(p, me)).toList();
    }

    /** A pending change of a promotion or guard policy; only another admin than the one who asked decides it. */
    public record Change(Map<String, Object> change, boolean mine, boolean canDecide) {

        public String kind() {
            return kindOf(change);
        }
    }

    public List<Change> pendingChanges(ConsoleUser me) {
        @SuppressWarnings("unchecked") List<Map<String, Object>> items = (List<Map<String, Object>>) api.get(
                Api.path("/api/registry/policy-changes").query("status", "pending").query("limit", 200)).getOrDefault("items", List.of());
        return items.stream().map(c -> change(c, me)).toList();
    }

    static Change change(Map<String, Object> change, ConsoleUser me) {
        boolean mine = me.actor().equals(change.get("requestedBy"));
        // past its deadline a change is expired, whether or not its expiry has been recorded yet
        boolean open = "pending".equals(change.get("status"))
                       && (!(change.get("expiresAt") instanceof String at) || java.time.Instant.parse(at).isAfter(java.time.Instant.now()));
        return new Change(change, mine, open && !mine && me.hasRole("admin"));
    }

    static Item item(Map<String, Object> promotion, ConsoleUser me) {
        boolean mine = me.actor().equals(promotion.get("requestedBy"));
        boolean approvedByMe = promotion.get("approvers") instanceof List<?> approvers && approvers.contains(me.actor());
        boolean pending = "pending".equals(promotion.get("status"));
        boolean canApprove = pending && !mine && !approvedByMe && me.hasRole("approver");
        boolean canReject = pending && !mine && (me.hasRole("approver") || me.hasRole("admin"));
        return new Item(promotion, mine, approvedByMe, canApprove, canReject);
    }
}
