package io.modelledger.registry;

import org.springframework.data.mongodb.core.query.Criteria;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** What every name-ordered, cursor-paginated listing of the registry does the same way. */
public final class Listings {

    private Listings() {
    }

    /** One page and the cursor of the next, absent on the last. */
    public record Page<T>(List<T> items, String next) {
    }

    /** Tags as "key:value" strings, so one equality on an array field finds documents by tag. */
    public static List<String> tagPairs(Map<String, String> tags) {
        return tags == null ? List.of() : tags.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).sorted().toList();
    }

    /** Names after the cursor (documents are keyed by name). */
    public static Criteria after(String cursor) {
        return cursor == null ? new Criteria() : where("_id").gt(cursor);
    }

    /** Text in the name or the description, case-insensitive; no condition when {@code text} is null. */
    public static Criteria text(Criteria criteria, String text) {
        if (text == null) {
            return criteria;
        }
        String quoted = Pattern.quote(text);
        return criteria.andOperator(new Criteria().orOperator(where("_id").regex(quoted, "i"), where("description").regex(quoted, "i")));
    }

    /** A page from up to {@code limit + 1} items read: the extra one says whether there is a next page. */
    public static <T> Page<T> page(List<T> found, int limit, Function<T, String> name) {
        boolean more = found.size() > limit;
        List<T> items = more ? found.subList(0, limit) : found;
        return new Page<>(items, more ? name.apply(items.getLast()) : null);
    }
}
