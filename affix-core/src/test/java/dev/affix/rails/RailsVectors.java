package dev.affix.rails;

/**
 * Messages a Rails application's {@code ActiveStorage.verifier} made, for {@link #SECRET_KEY_BASE}.
 * The 6.1 ones were made by Debian's Rails 6.1.7 itself ({@code ActiveSupport::KeyGenerator} with 1000
 * iterations, {@code generate_key("ActiveStorage")}, {@code MessageVerifier#generate}). No Rails 7.1 is
 * installed here: the 7.1+ ones were made by a Ruby script that re-enacts Rails 7.1.6's source with
 * its defaults (KeyGenerator with SHA256, MessageVerifier with its default SHA1 digest, the JSON
 * serializer with use_message_serializer_for_metadata: the envelope {"_rails":{"data","exp","pur"}},
 * encoded with ActiveSupport::JSON, strict base64, then "--" and the hex HMAC).
 */
final class RailsVectors {

    static final String SECRET_KEY_BASE = "a".repeat(64) + "0123456789abcdef".repeat(4);

    /** Rails 6.1. */
    static final class V61 {
        static final String ID_42 = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHBMdz09IiwiZXhwIjpudWxsLCJwdXIiOiJibG9iX2lkIn19"
                + "--622641e09532a4fe6008f22a5458c2f1966d791d";
        /** Expires at 2030-01-01T00:00:00Z. */
        static final String ID_42_EXPIRING = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHBMdz09IiwiZXhwIjoiMjAzMC0wMS0wMVQwMDowMDowMC4wMDBaIiwicHVyIjoiYmxvYl9pZCJ9fQ=="
                + "--02ab85b5f86bcd9a855f4edd3892f090926ae012";
        /** 2^40, a Bignum in Marshal. */
        static final String ID_BIG = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHNLd2dBQUFBQUFBRT0iLCJleHAiOm51bGwsInB1ciI6ImJsb2JfaWQifX0="
                + "--1dfd1d9f22b9d0a64902bc5ace92e69aa439b12c";
        /** Expired at 2020-01-01T00:00:00Z. */
        static final String ID_EXPIRED = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaHBMdz09IiwiZXhwIjoiMjAyMC0wMS0wMVQwMDowMDowMC4wMDBaIiwicHVyIjoiYmxvYl9pZCJ9fQ=="
                + "--f94a45356720dbe3b057f221374bad2c36e4d82b";
        /** {key: "u-8/avatar.png", disposition: inline "my cat.png", content_type: "image/png", service_name: "local"}, blob_key, 2030. */
        static final String DOWNLOAD = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaDdDVG9JYTJWNVNTSVRkUzA0TDJGMllYUmhjaTV3Ym1jR09nWkZWRG9RWkdsemNHOXphWFJwYjI1SklrRnBibXhwYm1VN0lHWnBiR1Z1WVcxbFBTSnRlU0JqWVhRdWNHNW5JanNnWm1sc1pXNWhiV1VxUFZWVVJpMDRKeWR0ZVNVeU1HTmhkQzV3Ym1jR093WlVPaEZqYjI1MFpXNTBYM1I1Y0dWSklnNXBiV0ZuWlM5d2JtY0dPd1pVT2hGelpYSjJhV05sWDI1aGJXVkpJZ3BzYjJOaGJBWTdCbFE9IiwiZXhwIjoiMjAzMC0wMS0wMVQwMDowMDowMC4wMDBaIiwicHVyIjoiYmxvYl9rZXkifX0="
                + "--c2f57c8366501bf1d87993311b5e6cad4f335389";
        /** {key: "ab/cdef", content_type: "text/plain", content_length: 5, checksum: MD5 of "hello", service_name: "local"}, blob_token, 2030. */
        static final String UPLOAD = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaDdDam9JYTJWNVNTSU1ZV0l2WTJSbFpnWTZCa1ZVT2hGamIyNTBaVzUwWDNSNWNHVkpJZzkwWlhoMEwzQnNZV2x1QmpzR1ZEb1RZMjl1ZEdWdWRGOXNaVzVuZEdocENqb05ZMmhsWTJ0emRXMUpJaDFZVlVaQlMzSjRURXR1WVRWaldqSlNSVUptUm10blBUMEdPd1pVT2hGelpYSjJhV05sWDI1aGJXVkpJZ3BzYjJOaGJBWTdCbFE9IiwiZXhwIjoiMjAzMC0wMS0wMVQwMDowMDowMC4wMDBaIiwicHVyIjoiYmxvYl90b2tlbiJ9fQ=="
                + "--99ec279fa00c7c154d76c9a92af7ff479de88d5e";
        /** {resize_to_limit: [100, 100], format: "png"}, variation, never expires. */
        static final String VARIATION = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaDdCem9VY21WemFYcGxYM1J2WDJ4cGJXbDBXd2RwYVdscE9ndG1iM0p0WVhSSklnaHdibWNHT2daRlZBPT0iLCJleHAiOm51bGwsInB1ciI6InZhcmlhdGlvbiJ9fQ=="
                + "--cc9e24f35c5bc4c98f981cd68a08a83c024f8544";
        /** A Gem::Version object, Marshal-ed with its class name ('U'), signed as a blob id. */
        static final String OBJECT = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaFZPaEZIWlcwNk9sWmxjbk5wYjI1YkJra2lDREV1TUFZNkJrVlUiLCJleHAiOm51bGwsInB1ciI6ImJsb2JfaWQifX0="
                + "--a275fc3524a183ffb39e71a4ab269bf19e4811e1";
        /** {id: 42} signed as a blob id. */
        static final String HASH_AS_ID = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaDdCam9IYVdScEx3PT0iLCJleHAiOm51bGwsInB1ciI6ImJsb2JfaWQifX0="
                + "--dced3c9ffa334733d65da224aa0586ddb4e7220a";
        /** "42" signed as a blob id. */
        static final String STRING_AS_ID = "eyJfcmFpbHMiOnsibWVzc2FnZSI6IkJBaEpJZ2MwTWdZNkJrVlUiLCJleHAiOm51bGwsInB1ciI6ImJsb2JfaWQifX0="
                + "--ace8f614eba666814bd813c4c0270f09f1b721bc";

        private V61() {
        }
    }

    /** Rails 7.1+, re-enacted from its source (see above). */
    static final class V71 {
        static final String ID_42 = "eyJfcmFpbHMiOnsiZGF0YSI6NDIsInB1ciI6ImJsb2JfaWQifX0=--34b2bf6576230edb7a50656746c1c17e3e8a3e53";
        static final String ID_42_EXPIRING = "eyJfcmFpbHMiOnsiZGF0YSI6NDIsImV4cCI6IjIwMzAtMDEtMDFUMDA6MDA6MDAuMDAwWiIsInB1ciI6ImJsb2JfaWQifX0="
                + "--5ab430eb9bf64110faafd9e5741f19b662aac9aa";
        static final String DOWNLOAD = "eyJfcmFpbHMiOnsiZGF0YSI6eyJrZXkiOiJ1LTgvYXZhdGFyLnBuZyIsImRpc3Bvc2l0aW9uIjoiaW5saW5lOyBmaWxlbmFtZT1cIm15IGNhdC5wbmdcIjsgZmlsZW5hbWUqPVVURi04JydteSUyMGNhdC5wbmciLCJjb250ZW50X3R5cGUiOiJpbWFnZS9wbmciLCJzZXJ2aWNlX25hbWUiOiJsb2NhbCJ9LCJleHAiOiIyMDMwLTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJwdXIiOiJibG9iX2tleSJ9fQ=="
                + "--0d230b83edc7c8b0991e63b015c69edd68d6be01";
        static final String UPLOAD = "eyJfcmFpbHMiOnsiZGF0YSI6eyJrZXkiOiJhYi9jZGVmIiwiY29udGVudF90eXBlIjoidGV4dC9wbGFpbiIsImNvbnRlbnRfbGVuZ3RoIjo1LCJjaGVja3N1bSI6IlhVRkFLcnhMS25hNWNaMlJFQmZGa2c9PSIsInNlcnZpY2VfbmFtZSI6ImxvY2FsIn0sImV4cCI6IjIwMzAtMDEtMDFUMDA6MDA6MDAuMDAwWiIsInB1ciI6ImJsb2JfdG9rZW4ifX0="
                + "--7952650de1702156426280085f2b4e952b4ea588";
        static final String VARIATION = "eyJfcmFpbHMiOnsiZGF0YSI6eyJyZXNpemVfdG9fbGltaXQiOlsxMDAsMTAwXSwiZm9ybWF0IjoicG5nIn0sInB1ciI6InZhcmlhdGlvbiJ9fQ=="
                + "--a3241c332d8284c9aa2f8eb6ad6d5c8a7c0cb7d7";
        /** {"_rails":{"data":42,"pur":"blob_id","extra":1}}: an envelope with a field Rails does not write. */
        static final String EXTRA_ENVELOPE_FIELD = "eyJfcmFpbHMiOnsiZGF0YSI6NDIsInB1ciI6ImJsb2JfaWQiLCJleHRyYSI6MX19"
                + "--f96f63c8a2c30657f42fb354a5b3d9dd3836262c";
        /** A download token's hash with a fifth key, "evil". */
        static final String EXTRA_TOKEN_FIELD = "eyJfcmFpbHMiOnsiZGF0YSI6eyJrZXkiOiJrIiwiZGlzcG9zaXRpb24iOiJpbmxpbmUiLCJjb250ZW50X3R5cGUiOm51bGwsInNlcnZpY2VfbmFtZSI6ImxvY2FsIiwiZXZpbCI6dHJ1ZX0sInB1ciI6ImJsb2Jfa2V5In19"
                + "--5331c0d7863d441001b58400e42c84c38eda64de";
        /** 42.0 signed as a blob id. */
        static final String FLOAT_ID = "eyJfcmFpbHMiOnsiZGF0YSI6NDIuMCwicHVyIjoiYmxvYl9pZCJ9fQ==--62bbffeaaeb873e87a276077d66aa095f8342bda";

        private V71() {
        }
    }

    private RailsVectors() {
    }
}
