package io.orderhook.testkit.billmate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sandbox's own PHP json_encode and hash. The first six vectors are the ones
 * {@code BillmateHashTest} pins for the client (PHP 8.2, the one-liner above each); the others
 * were computed with PHP 8.2.32's php-cli with the one-liner shown.
 */
class SandboxJsonTest {

    private static final String DOC_SECRET = "1234567890123456";

    static Stream<Arguments> phpVectors() {
        return Stream.of(
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["id"=>"123456","amount"=>100,"currency"=>"SEK"]), $s);'
                Arguments.of("the documentation's example",
                        object().put("id", "123456").put("amount", 100).put("currency", "SEK"), DOC_SECRET,
                        "8dde708fea8cfcee68d6817975f37bf9b0c5412f3edfbd1d1d2bca629bd49f06a57bddcaac465ebe8306d25d6e1ff32e8a225c6b58ebef2ea39f51a6777f037a"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["number"=>"1000235","url"=>"https://example.com/accept"]), $s);'
                Arguments.of("a slash",
                        object().put("number", "1000235").put("url", "https://example.com/accept"), DOC_SECRET,
                        "834204a82fdabc5d2dd2479d8f5cc713bdc208df0e14f9f6816e86483b94adea1b081dbaf144b3096f627720acf5fdaa3645ef4ffca25d41edb9826ae926bb29"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Räksmörgås åäö ÅÄÖ"]), $s);'
                Arguments.of("Swedish letters",
                        object().put("title", "R\u00e4ksm\u00f6rg\u00e5s \u00e5\u00e4\u00f6 \u00c5\u00c4\u00d6"), DOC_SECRET,
                        "6389014a086e58b6be49460c76411ee1bcd54adacbe56f4a74a997b183c1561ad97740c799e1ba4e11f63ca11e5219174289359b01f125b7040bad97880c1e80"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Pris 10 €"]), $s);'
                Arguments.of("the euro sign",
                        object().put("title", "Pris 10 \u20ac"), DOC_SECRET,
                        "c8150ca36725460648be523fba2370876e511fd0d519490f99813f787d0b36a7b3acd512e3d5088031623f9c1eac15b2d48aeaa8f8cf9f2f86cd804574c41a1b"),
                // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Tack 😀"]), $s);'
                Arguments.of("an emoji (a surrogate pair)",
                        object().put("title", "Tack \ud83d\ude00"), DOC_SECRET,
                        "d9d98920ec563b8900307a67ca6ab9dbc10391702477398cbd4efd589489e9bb358f22fdd3307455601c71e4b1ed5c0d87e5fab6c4f4587eb37bef6cb697a392"),
                // php -r '$s="hemlig/nyckel"; $d=["Articles"=>[["artnr"=>"A/1","title"=>"Räksmörgås \"extra\"\n\t€😀\\","quantity"=>"2"]],
                //   "Cart"=>["Total"=>["withtax"=>"12500"]],"empty"=>[],"flag"=>true,"none"=>null]; echo hash_hmac("sha512", json_encode($d), $s);'
                Arguments.of("nested rows with quotes, control characters, a backslash, true, null and []",
                        nested(), "hemlig/nyckel",
                        "0d48683d3d1f5cb815a02e11cb30ff757146b5d441ed2203ebb5575caf2444355079293ecf2585413883bd3b32d983b0b9a8aa7f85c5d748420470d6cf5e0cc6"),
                // php -r '$s="1234567890123456"; $d=json_decode("{\"PaymentData\":{},\"Articles\":[{\"0\":\"a\",\"1\":\"b\"}],\"Cart\":{\"1\":\"x\",\"0\":\"y\"}}", true);
                //   echo hash_hmac("sha512", json_encode($d), $s);'
                Arguments.of("objects decoded as PHP arrays: {} and keys 0, 1 in order come back as lists",
                        parse("{\"PaymentData\":{},\"Articles\":[{\"0\":\"a\",\"1\":\"b\"}],\"Cart\":{\"1\":\"x\",\"0\":\"y\"}}"),
                        DOC_SECRET,
                        "fd7b5f57c84dc9b1f34f66dded7bdd764ac64fecf4a87226176f5a009e2ebda7d5875556458662c9f2e0058f30f9d4af7e39e582c8c1cb6fc64b709a744cc3ce"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phpVectors")
    void theHashIsPhpsHashHmacOverJsonEncode(String what, JsonNode data, String secret, String phpHash) {
        assertEquals(phpHash, SandboxJson.hash(data, secret));
    }

    @Test
    void theTextIsWhatPhpJsonEncodeWrites() {
        // php -r 'echo json_encode([...same as nested()...]);'
        assertEquals("{\"Articles\":[{\"artnr\":\"A\\/1\",\"title\":\"R\\u00e4ksm\\u00f6rg\\u00e5s \\\"extra\\\"\\n\\t"
                + "\\u20ac\\ud83d\\ude00\\\\\",\"quantity\":\"2\"}],\"Cart\":{\"Total\":{\"withtax\":\"12500\"}},"
                + "\"empty\":[],\"flag\":true,\"none\":null}", SandboxJson.encode(nested()));
    }

    @Test
    void otherControlCharactersAreLowercaseUnicodeEscapesAndDelStaysRaw() {
        // php -r 'echo json_encode("\x08\x0b\x7f");'  ->  "\b\u000b" followed by a raw 0x7f
        assertEquals("\"\\b\\u000b\u007f\"", SandboxJson.encode(JsonNodeFactory.instance.textNode("\b\u000b\u007f")));
    }

    @Test
    void numbersAreWrittenAsPhpWritesTheFloatsAndIntegersItDecoded() {
        // php -r 'echo json_encode(json_decode("[1e25,0.00001,0.0001,-0.0,1e16,1e17,10.0,0.1,1714827001.526806,1.5e-10,
        //   123456789012345678901234567890,-0,1E2,0.30000000000000004,5e-324]", true));'
        assertEquals("[1.0e+25,1.0e-5,0.0001,-0,10000000000000000,1.0e+17,10,0.1,1714827001.526806,1.5e-10,"
                + "1.2345678901234568e+29,0,100,0.30000000000000004,5.0e-324]",
                SandboxJson.encode(parse("[1e25,0.00001,0.0001,-0.0,1e16,1e17,10.0,0.1,1714827001.526806,1.5e-10,"
                        + "123456789012345678901234567890,-0,1E2,0.30000000000000004,5e-324]")));
    }

    @Test
    void billmateComparesTheHashOfTheTextAfterItsIsoLatin1Conversion() {
        ObjectNode euro = object().put("title", "Pris 10 \u20ac");
        String clientHash = "c8150ca36725460648be523fba2370876e511fd0d519490f99813f787d0b36a7b3acd512e3d5088031623f9c1eac15b2d48aeaa8f8cf9f2f86cd804574c41a1b";

        // php -r '$s="1234567890123456"; echo hash_hmac("sha512", json_encode(["title"=>"Pris 10 ?"]), $s);'
        assertEquals("40f967ed9ca2749cc1fa3be9fcb8a7e54b97f80db8b2fecc344e91dfe7da1da35efd80495eb47c46837a320f3552a6b3c46f7de5f1a6eff2093dca8fcbcef41e",
                SandboxJson.serverHash(euro, DOC_SECRET));
        assertFalse(SandboxJson.verifies(clientHash, euro, DOC_SECRET), "a euro sign breaks the hash at Billmate");

        ObjectNode swedish = object().put("title", "R\u00e4ksm\u00f6rg\u00e5s");
        String hash = SandboxJson.hash(swedish, DOC_SECRET);
        assertTrue(SandboxJson.verifies(hash, swedish, DOC_SECRET), "Latin-1 letters survive the conversion");
        assertTrue(SandboxJson.verifies(hash.toUpperCase(), swedish, DOC_SECRET), "hex case does not matter");
        assertFalse(SandboxJson.verifies(hash, object().put("title", "R\u00e4ksm\u00f6rg\u00e5s!"), DOC_SECRET));
        assertFalse(SandboxJson.verifies(hash, swedish, "another-secret"));
        assertFalse(SandboxJson.verifies(null, swedish, DOC_SECRET));
    }

    @Test
    void anEmptyObjectIsAPhpArrayAndSoNotWhatAClientWritingBracesSigned() {
        ObjectNode data = object();
        data.putObject("Customer");
        assertEquals("{\"Customer\":[]}", SandboxJson.encode(data));
        assertNotEquals(SandboxJson.hmacSha512("{\"Customer\":{}}", DOC_SECRET), SandboxJson.hash(data, DOC_SECRET));
    }

    @Test
    void aLoneSurrogateIsNotTextPhpCouldHaveReceived() {
        assertThrows(IllegalArgumentException.class,
                () -> SandboxJson.encode(JsonNodeFactory.instance.textNode("broken \ud83d")));
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static JsonNode parse(String json) {
        try {
            return SandboxJson.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode nested() {
        ObjectNode data = object();
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
