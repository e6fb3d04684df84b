package io.orderhook.provider.billmate;

import java.util.Set;
import java.util.TreeSet;

/**
 * Every error code of Billmate's documented code list, classified by what orderhook should do.
 * Billmate answers HTTP 200 for errors, so this table is the only thing that separates
 * "try again later" from "this will never work".
 */
public final class BillmateErrorCodes {
    private BillmateErrorCodes() {}

    public enum Kind {
        /** A business refusal: the same call cannot succeed later. Never retried. */
        REFUSED,
        /** Billmate itself failed this time (a server or connection glitch); the same call may work in a moment. */
        TRANSIENT,
        /**
         * A soft decline: the card acquirer, bank or payment service behind Billmate declined this time
         * and a later attempt may succeed. Tried again hours later on the shop's retry schedule.
         */
        TEMPORARY,
        /** The merchant id or secret is wrong or not allowed: refused until the merchant fixes the settings. */
        CREDENTIALS
    }

    /**
     * Billmate's own glitches: internal error (9008), an unknown state reported by its card module
     * (6502), KALP storage (9999), mail (60101), the client side of a connection (9510); 9120 is an
     * answer without a message. Retried within minutes.
     */
    private static final Set<String> TRANSIENT = Set.of("6502", "9008", "9120", "9510", "9999", "60101");

    /**
     * Declines by a party behind Billmate that say "try again later": the card could not be debited
     * (4102), QuickPayment (5051), the card acquirer's activation or cancellation (5260, 5261), a
     * refund that could not be made now (5290-5292), Swish (6034), Swedbank Pay (8900).
     */
    private static final Set<String> TEMPORARY = Set.of(
            "4102", "5051", "5260", "5261", "5290", "5291", "5292", "6034", "8900");

    /** Missing id/hash (9010), unknown id (9011), wrong key or hash (9013), invalid key (6030),
     *  failed authentication (6501), merchant credentials refused (20616). */
    private static final Set<String> CREDENTIALS = Set.of("6030", "6501", "9010", "9011", "9013", "20616");

    /** The codes of Billmate's error code list (API-Error-codes). */
    public static final Set<String> DOCUMENTED = codes(
            "1001,2203,2204,2207,2401,2402,2403,2404,2405,2406,2501,2551,2552,2553,2554,4100,4102,4103,"
            + "5000,5001,5002,5003,5004,5005,5006,5007,5008,5014,5050,5051,5101,5102,5103,5198,5199,5200,"
            + "5201,5202,5203,5204,5205,5206,5207,5208,5209,5210,5211,5212,5213,5214,5215,5216,5217,5218,"
            + "5219,5220,5221,5222,5223,5224,5250,5251,5252,5253,5260,5261,5290,5291,5292,5297,5298,5301,"
            + "5302,6009,6010,6011,6012,6021,6022,6023,6024,6025,6026,6027,6028,6029,6030,6031,6032,6033,"
            + "6034,6035,6036,6501,6502,6503,6504,6661,6662,6663,6664,6665,6666,7010,7015,7020,7022,7030,"
            + "7031,7032,7033,8010,8011,8012,8701,8702,8705,8706,8800,8801,8900,9001,9002,9003,9004,9005,"
            + "9008,9009,9010,9011,9012,9013,9014,9015,9016,9020,9102,9103,9104,9105,9106,9107,9108,9109,"
            + "9110,9111,9112,9113,9114,9120,9121,9200,9201,9510,9997,9998,9999,11111,11112,20100,20101,"
            + "20102,20103,20104,20616,50000,50010,50011,50012,50013,50014,50015,50016,50017,50018,60101,"
            + "61101,61102,61103,61104,61105,61106,61107,61108,61109,61110,61111,61112,61113,61114,61115,"
            + "61116,61117,61118,70000,70001,70002,70003,70004,70010,70011,70012,70013,70014,70015,500000,"
            + "500001,500002,500003,500004,500005,500006,500007,500008");

    /**
     * What a code means for orderhook. A code Billmate has not documented is a refusal: retrying
     * an operation we do not understand could apply it twice.
     */
    public static Kind kind(String code) {
        if (TRANSIENT.contains(code)) {
            return Kind.TRANSIENT;
        }
        if (TEMPORARY.contains(code)) {
            return Kind.TEMPORARY;
        }
        if (CREDENTIALS.contains(code)) {
            return Kind.CREDENTIALS;
        }
        return Kind.REFUSED;
    }

    /** 5198 payment number invalid, 5200 missing, 5201 no such invoice, 6011 likewise, 6504 payment data not found. */
    public static boolean unknownPayment(String code) {
        return Set.of("5198", "5200", "5201", "6011", "6504").contains(code);
    }

    public static boolean isDocumented(String code) {
        return DOCUMENTED.contains(code);
    }

    private static Set<String> codes(String list) {
        return Set.copyOf(new TreeSet<>(Set.of(list.split(","))));
    }
}
