package io.modelledger.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials in a text: the token formats whose issuers made them recognisable by prefix (AWS access key ids,
 * GitHub, Slack, Stripe, Google and OpenAI keys, PEM private keys, JWTs), an AWS secret key beside its name, and any
 * high-entropy value assigned to a name that says it is secret ({@code password=…}, {@code "client_secret": …}).
 * The last one is judged by Shannon entropy (at least {@value #MIN_ENTROPY} bits per character over at least
 * {@value #MIN_GENERIC_LENGTH} characters, with at least three character classes), so placeholders such as
 * {@code changeme}, {@code ${API_KEY}} or {@code xxxxxxxx} are not reported; a hash or a UUID that nothing names a secret is
 * not reported either. Its limit: a random-looking secret that sits in prose, with no name before it, is missed.
 */
public final class Secrets {

    public record Finding(String type, int start, int end) {
    }

    /** The types it finds. */
    public static final java.util.Set<String> TYPES = java.util.Set.of("private_key", "aws_access_key_id", "aws_secret_access_key",
            "github_token", "slack_token", "stripe_key", "google_api_key", "openai_api_key", "jwt", "generic_secret");

    /** A token format, and the literal text one of which every token of it contains (a text with none is not scanned). */
    private record Format(String type, List<String> literals, Pattern pattern) {
    }

    static final double MIN_ENTROPY = 3.5;
    static final int MIN_GENERIC_LENGTH = 16;
    static final double MIN_FORMAT_ENTROPY = 3.0;
    /** A reference to where a secret lives ({@code process.env.API_TOKEN}, {@code settings.db.password}), not a secret. */
    private static final Pattern CODE_REFERENCE = Pattern.compile(
            "(?:process\\.env|os\\.environ|System\\.getenv|import\\.meta\\.env|env|ENV|config|settings|secrets|vault|params|self|this)"
                    + "(?:\\.[A-Za-z_$][\\w$]*)+(?:\\(.*|\\[.*)?|(?:os\\.getenv|System\\.getenv|getenv)\\(.*");

    private static final List<Format> FORMATS = List.of(
            new Format("private_key", List.of("-----BEGIN "), Pattern.compile(
                    "-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{0,16384}?-----END [A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----")),
            new Format("aws_access_key_id", List.of("AKIA", "ASIA", "ABIA", "ACCA"), Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])")),
            new Format("github_token", List.of("gho_", "ghp_", "ghu_", "ghs_", "ghr_", "github_pat_"), Pattern.compile("(?<![\\w])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})(?![\\w])")),
            new Format("slack_token", List.of("xox"), Pattern.compile("(?<![\\w-])xox[abposr]-(?:\\d{6,16}-){1,3}[A-Za-z0-9]{16,64}(?![\\w-])")),
            new Format("stripe_key", List.of("_live_"), Pattern.compile("(?<![\\w])(?:sk|rk)_live_[A-Za-z0-9]{20,255}(?![\\w])")),
            new Format("google_api_key", List.of("AIza"), Pattern.compile("(?<![\\w-])AIza[A-Za-z0-9_-]{35}(?![\\w-])")),
            new Format("openai_api_key", List.of("sk-"), Pattern.compile("(?<![\\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{40,255}(?![\\w-])")),
            new Format("jwt", List.of("eyJ"), Pattern.compile("(?<![\\w-])eyJ[A-Za-z0-9_-]{8,4096}\\.eyJ[A-Za-z0-9_-]{2,8192}\\.[A-Za-z0-9_-]{16,1024}(?![\\w-])")));

    /** {@code aws_secret_access_key = …} and the like: 40 characters of base64 beside the name. */
    private static final Pattern AWS_SECRET = Pattern.compile(
            "(?i)(?:aws_?)?secret_?access_?key[\"']?\\s{0,4}[:=]\\s{0,4}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])");
    /** What {@link #ASSIGNED}'s names contain: a text with none of them has no assignment to look at. */
    private static final List<String> SECRET_NAMES = List.of("passw", "pwd", "secret", "token", "key", "credential");
    /** A name that says its value is secret, then {@code :} or {@code =}, then the value (quoted or bare). */
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?i)(?<![a-z])[a-z_.-]{0,40}(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)s?[a-z_]{0,20}"
                    + "[\"']?\\s{0,4}(?:[:=]|=>)\\s{0,4}(?:\"([^\"\\s]{" + MIN_GENERIC_LENGTH + ",256})\"|'([^'\\s]{" + MIN_GENERIC_LENGTH
                    + ",256})'|([^\\s\"',;]{" + MIN_GENERIC_LENGTH + ",256}))");

    private Secrets() {
    }

    public static List<Finding> find(String text) {
        return find(text, System.nanoTime() + Pii.DEFAULT_BUDGET_NANOS);
    }

    /** The findings, or {@link TimeBoxed.Exceeded} when scanning the text takes past {@code deadlineNanos}. */
    static List<Finding> find(String text, long deadlineNanos) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.length() < MIN_GENERIC_LENGTH) {
            return findings;
        }
        CharSequence boxed = new TimeBoxed(text, deadlineNanos);
        for (Format format : FORMATS) {
            if (format.literals().stream().noneMatch(text::contains)) {
                continue;
            }
            Matcher m = format.pattern().matcher(boxed);
            while (m.find()) {
                // a placeholder in a real format (sk_live_XXXXXXXX…) has too little entropy to be a key
                if (format.type().equals("private_key") || entropy(m.group()) >= MIN_FORMAT_ENTROPY) {
                    add(findings, format.type(), m.start(), m.end());
                }
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("secret")) {
            Matcher aws = AWS_SECRET.matcher(boxed);
            while (aws.find()) {
                if (entropy(aws.group(1)) >= MIN_ENTROPY) {
                    add(findings, "aws_secret_access_key", aws.start(1), aws.end(1));
                }
            }
        }
        if (SECRET_NAMES.stream().anyMatch(lower::contains)) {
            findAssigned(boxed, findings);
        }
        return sorted(findings);
    }

    private static List<Finding> sorted(List<Finding> findings) {
        findings.sort(java.util.Comparator.comparingInt(Finding::start));
        return findings;
    }

    private static void findAssigned(CharSequence text, List<Finding> findings) {
        Matcher assigned = ASSIGNED.matcher(text);
        while (assigned.find()) {
            int group = assigned.group(1) != null ? 1 : assigned.group(2) != null ? 2 : 3;
            String value = assigned.group(group);
            if (looksRandom(value)) {
                add(findings, "generic_secret", assigned.start(group), assigned.end(group));
            }
        }
    }

    /** A finding inside one already found (a JWT assigned to {@code token=}) is the same secret: it is kept once. */
    private static void add(List<Finding> findings, String type, int start, int end) {
        for (Finding f : findings) {
            if (f.start() < end && start < f.end()) {
                return;
            }
        }
        findings.add(new Finding(type, start, end));
    }

    /** High entropy and at least three character classes: what a generated secret looks like and a word or placeholder does not. */
    static boolean looksRandom(String value) {
        if (value.startsWith("${") || value.startsWith("<") || value.startsWith("{{") || value.startsWith("%")
                || CODE_REFERENCE.matcher(value).matches()) {
            return false;
        }
        int classes = 0;
        classes += value.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += value.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += value.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += value.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        return classes >= 3 && entropy(value) >= MIN_ENTROPY && !value.toLowerCase(Locale.ROOT).contains("example");
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
        for (char c : value.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double h = 0;
        for (int count : counts.values()) {
            double p = (double) count / value.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
