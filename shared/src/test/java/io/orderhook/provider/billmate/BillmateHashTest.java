package io.orderhook.provider.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/**
 * The expected hashes were computed once with PHP 8.2 (php-cli), outside Java, with the
 * one-liner shown above each value. The Java side builds the same data as a JSON tree.
 */
class BillmateHashTest {

    private static final String DOC_SECRET = "1234567890123456";

    static Stream<Arguments> phpVectors() {
        return Stream.of(
                // Creating-hash.md's own example.
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["id"=>"123456","amount"=>100,"currency"=>"SEK"]), $s);'
                Arguments.of("the documentation's example",
                        BillmateJson.object().put("id", "123456").put("amount", 100).put("currency", "SEK"),
                        DOC_SECRET,
                        "8dde708fea8cfcee68d6817975f37bf9b0c5412f3edfbd1d1d2bca629bd49f06a57bddcaac465ebe8306d25d6e1ff32e8a225c6b58ebef2ea39f51a6777f037a"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["number"=>"1000235","url"=>"https://example.com/accept"]), $s);'
                Arguments.of("a slash",
                        BillmateJson.object().put("number", "1000235").put("url", "https://example.com/accept"),
                        DOC_SECRET,
                        "834204a82fdabc5d2dd2479d8f5cc713bdc208df0e14f9f6816e86483b94adea1b081dbaf144b3096f627720acf5fdaa3645ef4ffca25d41edb9826ae926bb29"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Räksmörgås åäö ÅÄÖ"]), $s);'
                Arguments.of("Swedish letters",
                        BillmateJson.object().put("title", "R\u00e4ksm\u00f6rg\u00e5s \u00e5\u00e4\u00f6 \u00c5\u00c4\u00d6"),
                        DOC_SECRET,
                        "6389014a086e58b6be49460c76411ee1bcd54adacbe56f4a74a997b183c1561ad97740c799e1ba4e11f63ca11e5219174289359b01f125b7040bad97880c1e80"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Pris 10 €"]), $s);'
                Arguments.of("the euro sign",
                        BillmateJson.object().put("title", "Pris 10 \u20ac"),
                        DOC_SECRET,
                        "c8150ca36725460648be523fba2370876e511fd0d519490f99813f787d0b36a7b3acd512e3d5088031623f9c1eac15b2d48aeaa8f8cf9f2f86cd804574c41a1b"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Tack 😀"]), $s);'
                Arguments.of("an emoji (a surrogate pair)",
                        BillmateJson.object().put("title", "Tack \ud83d\ude00"),
                        DOC_SECRET,
                        "d9d98920ec563b8900307a67ca6ab9dbc10391702477398cbd4efd589489e9bb358f22fdd3307455601c71e4b1ed5c0d87e5fab6c4f4587eb37bef6cb697a392"),
                // php -r '$s="hemlig/nyckel"; $d=["Articles"=>[["artnr"=>"A/1","title"=>"Räksmörgås \"extra\"\n\t€😀\\","quantity"=>"2"]],
                //   "Cart"=>["Total"=>["withtax"=>"12500"]],"empty"=>[],"flag"=>true,"none"=>null]; echo hash_hmac("sha512", json_encode($d), $s);'
                Arguments.of("nested rows with quotes, control characters, a backslash, true, null and []",
                        nested(), "hemlig/nyckel",
                        "0d48683d3d1f5cb815a02e11cb30ff757146b5d441ed2203ebb5575caf2444355079293ecf2585413883bd3b32d983b0b9a8aa7f85c5d748420470d6cf5e0cc6"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phpVectors")
    void theHashEqualsPhpsHashHmacOverJsonEncode(String what, ObjectNode data, String secret, String phpHash) {
        assertEquals(phpHash, BillmateHash.of(data, secret));
        assertTrue(BillmateHash.matches(phpHash.toUpperCase(), data, secret), "comparison ignores hex case");
    }

    @Test
    void aHashOverOtherDataOrWithAnotherSecretDoesNotMatch() {
        ObjectNode data = BillmateJson.object().put("number", "1000235");
        String hash = BillmateHash.of(data, DOC_SECRET);
        assertFalse(BillmateHash.matches(hash, BillmateJson.object().put("number", "1000236"), DOC_SECRET));
        assertFalse(BillmateHash.matches(hash, data, "another-secret"));
        assertFalse(BillmateHash.matches(null, data, DOC_SECRET));
    }

    @Test
    void theJsonTextIsWhatPhpJsonEncodeWrites() {
        // php -r 'echo json_encode([...same as nested()...]);'
        assertEquals("{\"Articles\":[{\"artnr\":\"A\\/1\",\"title\":\"R\\u00e4ksm\\u00f6rg\\u00e5s \\\"extra\\\"\\n\\t"
                + "\\u20ac\\ud83d\\ude00\\\\\",\"quantity\":\"2\"}],\"Cart\":{\"Total\":{\"withtax\":\"12500\"}},"
                + "\"empty\":[],\"flag\":true,\"none\":null}", BillmateJson.encode(nested()));
    }

    @Test
    void otherControlCharactersAreLowercaseUnicodeEscapesAndDelStaysRaw() {
        // php -r 'echo json_encode("\x08\x0b\x7f");'  ->  "\b\u000b" followed by a raw 0x7f
        assertEquals("\"\\b\\u000b\u007f\"", BillmateJson.encode(BillmateJson.object().textNode("\b\u000b\u007f")));
    }

    @Test
    void numbersAreWrittenInTheirShortestForm() throws Exception {
        // php -r 'echo json_encode([1714827001.526806, 10.0, 100]);'  ->  [1714827001.526806,10,100]
        assertEquals("[1714827001.526806,10,100]", BillmateJson.encode(BillmateJson.parse("[1714827001.526806,10.0,100]")));
    }

    private static ObjectNode nested() {
        ObjectNode data = BillmateJson.object();
        data.putArray("Articles").addObject()
                .put("artnr", "A/1")
                .put("title", "R\u00e4ksm\u00f6rg\u00e5s \"extra\"\n\t\u20ac\ud83d\ude00\\")
                .put("quantity", "2");
        data.putObject("Cart").putObject("Total").put("withtax", "12500");
        data.putArray("empty");
        data.put("flag", true);
        data.putNull("none");
        return data;
    }
}
