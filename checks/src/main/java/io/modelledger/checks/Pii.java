package io.modelledger.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data in a text, found by pattern and confirmed by checksum where one exists: e-mail addresses,
 * phone numbers (international {@code +CC…} or North American with separators), payment card numbers
 * (13–19 digits passing the Luhn check), IBANs (ISO 13616 mod-97 check) and US social security numbers
 * (the SSA's rules: area not 000, 666 or 9xx; group not 00; serial not 0000), UK National Insurance numbers
 * (HMRC's prefix rules), Spanish DNI and NIE numbers (their mod-23 check letter), and IPv4/IPv6 addresses
 * (octets within 0–255; IPv6 with its groups counted). A card, IBAN or DNI lookalike that fails its checksum is
 * not reported, which keeps order numbers, part codes and the like out.
 */
public final class Pii {

    public record Finding(String type, int start, int end) {
    }

    /** The types it finds. */
    public static final java.util.Set<String> TYPES = java.util.Set.of("email", "phone", "payment_card", "iban", "us_ssn", "uk_nino", "es_dni",
                                                                       "ip_address");

    private static final Pattern EMAIL = Pattern.compile("(?<![\\w.+-])[\\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\w-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
    private static final Pattern SSN = Pattern.compile("\\b(\\d{3})-(\\d{2})-(\\d{4})\\b");
    private static final Pattern NINO = Pattern.compile("\\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b");
    private static final Pattern DNI = Pattern.compile("\\b([XYZ]?)(\\d{7,8})-?([A-Z])\\b");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?!\\w|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}:?(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?(?![\\w:])");
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final java.util.Set<String> NINO_UNUSED_PREFIXES = java.util.Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){1,4}"
                    + "|\\(?\\b\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}\\b)");

    private Pii() {
    }

    /** How long one text may take to scan by default (see {@link #find(String, long)}). */
    static final long DEFAULT_BUDGET_NANOS = 1_000_000_000L;

    public static List<Finding> find(String text) {
        return find(text, System.nanoTime() + DEFAULT_BUDGET_NANOS);
    }

    /** The findings, or {@link TimeBoxed.Exceeded} when scanning the text takes past {@code deadlineNanos}. */
    static List<Finding> find(String text, long deadlineNanos) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return findings;
        }
        CharSequence boxed = new TimeBoxed(text, deadlineNanos);
        // each pattern needs characters most texts lack: counted once, they spare the scans that cannot match
        int digits = 0;
        int run = 0; // digits in a row
        boolean upperPair = false; // two capitals then a digit (IBAN, NINO)
        boolean dottedDigits = false; // a digit, a dot, a digit (IPv4)
        boolean digitsThenLetter = false; // 7 or more digits then a capital, maybe after a dash (DNI/NIE)
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            digits += digit ? 1 : 0;
            if (!digit && run >= 7 && (isUpper(c) || c == '-' && i + 1 < n && isUpper(text.charAt(i + 1)))) {
                digitsThenLetter = true;
            }
            run = digit ? run + 1 : 0;
            if (i + 2 < n && isUpper(c) && isUpper(text.charAt(i + 1))) {
                char next = text.charAt(i + 2) == ' ' && i + 3 < n ? text.charAt(i + 3) : text.charAt(i + 2);
                upperPair |= next >= '0' && next <= '9';
            }
            dottedDigits |= c == '.' && i > 0 && i + 1 < n && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1));
        }
        if (text.indexOf('@') >= 0) {
            add(findings, "email", EMAIL.matcher(boxed), m -> true);
        }
        List<Finding> ibanShaped = new ArrayList<>();
        if (upperPair) { // a country code and its check digits
            add(ibanShaped, "iban", IBAN.matcher(boxed), m -> true);
            ibanShaped.stream().filter(f -> ibanValid(text.substring(f.start(), f.end()).replace(" ", ""))).forEach(findings::add);
        }
        if (digits >= 13) {
            // the digits of an account number (valid or not) are no card number, whatever their Luhn sum
            add(findings, "payment_card", CARD.matcher(boxed), m -> luhn(m.group().replaceAll("[ -]", ""))
                    && ibanShaped.stream().noneMatch(f -> overlaps(f, m)));
        }
        if (dottedDigits) {
            add(findings, "ip_address", IPV4.matcher(boxed), m -> true);
        }
        if (text.indexOf(':') >= 0) {
            add(findings, "ip_address", IPV6.matcher(boxed), Pii::ipv6Valid);
        }
        if (upperPair && digits >= 6) {
            add(findings, "uk_nino", NINO.matcher(boxed), m -> !NINO_UNUSED_PREFIXES.contains(m.group(1)));
        }
        if (digitsThenLetter) {
            add(findings, "es_dni", DNI.matcher(boxed), Pii::dniValid);
        }
        if (digits < 9) {
            return findings; // neither an SSN (9 digits) nor a phone number (10) fits
        }
        add(findings, "us_ssn", SSN.matcher(boxed), Pii::ssnValid);
        add(findings, "phone", PHONE.matcher(boxed), m -> {
            int inNumber = m.group().replaceAll("\\D", "").length();
            return inNumber >= 10 && inNumber <= 15 && findings.stream().noneMatch(f -> overlaps(f, m));
        });
        return findings;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean overlaps(Finding f, Matcher m) {
        return f.start() < m.end() && m.start() < f.end();
    }

    private static void add(List<Finding> findings, String type, Matcher matcher, java.util.function.Predicate<Matcher> valid) {
        while (matcher.find()) {
            if (valid.test(matcher)) {
                findings.add(new Finding(type, matcher.start(), matcher.end()));
            }
        }
    }

    /** The Luhn (mod 10) check of payment card numbers. */
    public static boolean luhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: move the first four characters to the end, letters to 10–35, and the number mod 97 is 1. */
    public static boolean ibanValid(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (char c : rearranged.toCharArray()) {
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    /** A Spanish DNI (8 digits) or NIE (X, Y or Z and 7 digits) whose letter is the number's mod-23 check letter. */
    private static boolean dniValid(Matcher m) {
        String prefix = m.group(1);
        String digits = m.group(2);
        if (prefix.isEmpty() ? digits.length() != 8 : digits.length() != 7) {
            return false;
        }
        long number = Long.parseLong((prefix.isEmpty() ? "" : String.valueOf("XYZ".indexOf(prefix.charAt(0)))) + digits);
        return DNI_LETTERS.charAt((int) (number % 23)) == m.group(3).charAt(0);
    }

    /** Eight groups, or fewer with exactly one {@code ::}; a group's hex digits only (so a time like 12:30 is no address). */
    private static boolean ipv6Valid(Matcher m) {
        String address = m.group();
        int doubled = address.indexOf("::");
        if (doubled != address.lastIndexOf("::")) {
            return false;
        }
        long groups = java.util.Arrays.stream(address.split(":")).filter(g -> !g.isEmpty()).count();
        return doubled >= 0 ? groups >= 2 && groups <= 7 : groups == 8;
    }

    private static boolean ssnValid(Matcher m) {
        int area = Integer.parseInt(m.group(1));
        return area != 0 && area != 666 && area < 900 && !m.group(2).equals("00") && !m.group(3).equals("0000");
    }
}
