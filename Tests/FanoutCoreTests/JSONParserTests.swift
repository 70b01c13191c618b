import Testing
@testable import FanoutCore

/// The parse error for `text`, or `nil` when it parses.
private func parseError(_ text: String) -> JSONParseError? {
    do {
        _ = try JSONParser.parse(text)
        return nil
    } catch {
        return error
    }
}

@Suite("JSON parser")
struct JSONParserTests {
    // MARK: Values and round trips

    @Test func scalars() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("true") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse("\"hi\"") == .string("hi"))
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object([:]))
    }

    @Test func surroundingWhitespaceIsAllowed() throws {
        #expect(try JSONParser.parse(" \t\r\n 42 \n") == .int(42))
        #expect(try JSONParser.parse("[ 1 ,\n 2 ]") == .array([.int(1), .int(2)]))
        #expect(try JSONParser.parse("{ \"a\" : 1 }") == .object(["a": .int(1)]))
    }

    @Test func objectsKeepKeyOrder() throws {
        let text = #"{"zebra":1,"apple":2,"mango":{"y":true,"b":null,"x":[3,"z"]}}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue.map { Array($0.keys) } == ["zebra", "apple", "mango"])
        #expect(value.objectValue?["mango"]?.objectValue.map { Array($0.keys) } == ["y", "b", "x"])
        #expect(value.jsonText == text)
    }

    @Test(arguments: [
        #"{"b":1,"a":2}"#,
        #"[1,2.5,"x",true,false,null,{},[]]"#,
        #"{"nested":{"deeper":{"list":[{"k":"v"},[[]]]}},"n":-7}"#,
        #""with \"quotes\" and \\ and \n""#,
        #"{"d":0.1,"e":1.0e-7,"big":1e+300}"#,
    ])
    func compactRoundTripIsStable(text: String) throws {
        let value = try JSONParser.parse(text)
        let once = value.jsonText
        #expect(try JSONParser.parse(once) == value)
        #expect(try JSONParser.parse(once).jsonText == once)
        #expect(try JSONParser.parse(value.prettyJSONText) == value)
    }

    /// A repeated key would silently lose a value, as a repeated argument would: both are refused.
    @Test func duplicateKeysAreRefusedNamingTheKey() throws {
        #expect(throws: JSONParseError(
            message: "duplicate key 'a': an object names each key once; keep one", offset: 14, isDuplicateKey: true)) {
            try JSONParser.parse(#"{"a":1,"b":2, "a":3}"#)
        }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"[{"x":{"k":1,"k":1}}]"#) }
        // The same key in different objects is fine.
        #expect(try JSONParser.parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#).jsonText == #"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)
    }

    // MARK: Numbers

    @Test func integersStayIntegers() throws {
        #expect(try JSONParser.parse("42") == .int(42))
        #expect(try JSONParser.parse("-7") == .int(-7))
        #expect(try JSONParser.parse("0") == .int(0))
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("42").jsonText == "42")
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int.min))
    }

    @Test func fractionsAndExponentsAreDoubles() throws {
        #expect(try JSONParser.parse("3.5") == .double(3.5))
        #expect(try JSONParser.parse("1e3") == .double(1000))
        #expect(try JSONParser.parse("1E3") == .double(1000))
        #expect(try JSONParser.parse("2e-2") == .double(0.02))
        #expect(try JSONParser.parse("-1.5e+2") == .double(-150))
        #expect(try JSONParser.parse("1.0") == .double(1))
        #expect(try JSONParser.parse("1e3").jsonText == "1000.0")
        #expect(try JSONParser.parse("3.5").jsonText == "3.5")
    }

    /// As a Double a whole number past `Int` would lose digits without a word, and a model's big ids
    /// must come through whole or not at all; written with a fraction or exponent it is a Double.
    @Test(arguments: [("9223372036854775808", 0), ("-9223372036854775809", 0), (#"{"id":12345678901234567890}"#, 6)])
    func wholeNumbersBeyondIntAreRejectedNotRounded(text: String, offset: Int) throws {
        let error = parseError(text)
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
        #expect(error?.isNumberOutOfRange == true)
        #expect(error?.message.hasSuffix("is out of range (beyond ±9223372036854775807)") == true, "\(String(describing: error))")
        #expect(try JSONParser.parse("9223372036854775807") == .int(.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONParser.parse("9223372036854775808.0") == .double(9_223_372_036_854_775_808))
    }

    @Test(arguments: [("1e400", 0), ("-1e400", 0), (#"{"a":1e400}"#, 5), ("[1, 2E+999]", 4)])
    func numbersBeyondDoubleAreRejectedNotMadeInfinite(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
        #expect(error?.isNumberOutOfRange == true)
        #expect(error?.message.hasSuffix("is out of range (beyond ±1.8e308)") == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("-", 1), ("1.", 2), ("1.e5", 2), ("1e", 2), ("1e+", 3), ("-a", 1), (".5", 0), ("+1", 0),
    ])
    func malformedNumbers(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
    }

    @Test(arguments: ["01", "-01", "00", "[007]"])
    func leadingZerosAreRejected(text: String) {
        #expect(parseError(text) != nil, "\(text) should not parse")
    }

    // MARK: Strings

    @Test func simpleEscapes() throws {
        let value = try JSONParser.parse(#""q\" b\\ s\/ \b\f\n\r\t end""#)
        #expect(value == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t end"))
    }

    @Test func unicodeEscapes() throws {
        #expect(try JSONParser.parse(#""caf\u00e9""#) == .string("café"))
        #expect(try JSONParser.parse(#""\u00E9\u0041""#) == .string("éA"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONParser.parse(#""a\u4e2db""#) == .string("a中b"))
    }

    @Test func surrogatePairsCombine() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
    }

    @Test func rawNonASCIIIsKept() throws {
        #expect(try JSONParser.parse(#""Tōkyō 東京 😀""#) == .string("Tōkyō 東京 😀"))
    }

    @Test func textAroundEscapesIsKept() throws {
        #expect(try JSONParser.parse(#""é\"x\n\u00e9y""#) == .string("é\"x\né" + "y"))
    }

    @Test(arguments: [
        (#""\ud83d""#, "unpaired surrogate"),
        (#""\ud83dx""#, "unpaired surrogate"),
        (#""\udc00""#, "unpaired surrogate"),
        (#""\ud83d\u0041""#, "invalid low surrogate"),
        (#""\u12""#, "expected 4 hex digits"),
        (#""\uzzzz""#, "expected 4 hex digits"),
    ])
    func badUnicodeEscapes(text: String, message: String) {
        let error = parseError(text)
        #expect(error?.message.contains(message) == true, "\(text): \(String(describing: error))")
    }

    @Test(arguments: [#""\u+041""#, #""\u-000""#])
    func signedHexIsNotFourHexDigits(text: String) {
        #expect(parseError(text) != nil, "\(text) should not parse")
    }

    @Test func invalidEscapePointsAtTheEscapedCharacter() {
        let error = parseError(#""ab\x""#)
        #expect(error?.offset == 4)
        #expect(error?.message == "invalid escape '\\x'")
    }

    @Test(arguments: [
        ("\"a\u{01}b\"", 2, "\\u0001"),
        ("\"\tx\"", 1, "\\u0009"),
        ("\"line\nbreak\"", 5, "\\u000a"),
        ("[\"ok\", \"a\u{1F}\"]", 9, "\\u001f"),
    ])
    func rawControlCharactersAreRejected(text: String, offset: Int, hex: String) {
        let error = parseError(text)
        #expect(error?.offset == offset)
        #expect(error?.message.hasPrefix("control character in string") == true)
        #expect(error?.message.hasSuffix(hex) == true, "\(String(describing: error?.message))")
    }

    // MARK: Error positions

    @Test func trailingCommaInObject() {
        let error = parseError(#"{"a":1,}"#)
        #expect(error == JSONParseError(message: "expected a quoted key", offset: 7))
        #expect(error?.description == "expected a quoted key at column 8")
    }

    @Test func missingCommaInArray() {
        #expect(parseError("[1 2]") == JSONParseError(message: "expected ',' or ']'", offset: 3))
    }

    @Test func trailingCommaInArray() {
        #expect(parseError("[1,]")?.offset == 3)
    }

    @Test func missingColon() {
        #expect(parseError(#"{"a" 1}"#) == JSONParseError(message: "expected ':' after key \"a\"", offset: 5))
    }

    @Test func missingCommaInObject() {
        #expect(parseError(#"{"a":1 "b":2}"#) == JSONParseError(message: "expected ',' or '}'", offset: 7))
    }

    @Test func unquotedKey() {
        #expect(parseError("{a:1}") == JSONParseError(message: "expected a quoted key", offset: 1))
    }

    @Test func unterminatedStringPointsAtItsOpeningQuote() {
        #expect(parseError(#""abc"#) == JSONParseError(message: "unterminated string", offset: 0))
        #expect(parseError(#"{"a":"bcd"#) == JSONParseError(message: "unterminated string", offset: 5))
        #expect(parseError(#"{"key"#)?.offset == 1)
        #expect(parseError(#""ends in backslash\"#) == JSONParseError(message: "unterminated escape", offset: 19))
    }

    @Test func unterminatedContainers() {
        #expect(parseError("[1,2") == JSONParseError(message: "unterminated array: expected ',' or ']'", offset: 4))
        #expect(parseError(#"{"a":1"#) == JSONParseError(message: "unterminated object: expected ',' or '}'", offset: 6))
        #expect(parseError("[") == JSONParseError(message: "unexpected end of JSON", offset: 1))
        #expect(parseError(#"{"a":"#) == JSONParseError(message: "unexpected end of JSON", offset: 5))
    }

    @Test func emptyInput() {
        #expect(parseError("") == JSONParseError(message: "unexpected end of JSON", offset: 0))
        #expect(parseError("   ") == JSONParseError(message: "unexpected end of JSON", offset: 3))
    }

    @Test func textAfterTheValue() {
        #expect(parseError("1 2") == JSONParseError(message: "unexpected text after the JSON value", offset: 2))
        #expect(parseError("{} x")?.offset == 3)
        #expect(parseError("[]]")?.offset == 2)
    }

    @Test func badLiteralsAndCharacters() {
        #expect(parseError("tru") == JSONParseError(message: "invalid literal: expected true", offset: 0))
        #expect(parseError("[nul]")?.offset == 1)
        #expect(parseError("[1, falsy]")?.offset == 4)
        #expect(parseError("[1, @]") == JSONParseError(message: "unexpected character '@'", offset: 4))
        #expect(parseError("'single'")?.offset == 0)
    }

    @Test func offsetsCountCharactersNotBytes() {
        // `é` and `😀` are several UTF-8 bytes each but one character.
        #expect(parseError(#"["é",1 2]"#)?.offset == 7)
        #expect(parseError(#"{"😀":1,}"#)?.offset == 7)
        #expect(parseError(#"["日本語" "x"]"#)?.offset == 7)
    }

    @Test func nonJSONWhitespaceIsRejected() {
        #expect(parseError("[1,\u{A0}2]")?.offset == 3)
    }

    // MARK: Depth

    @Test func nestingUpToTheMaximumParses() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            guard let first = elements.first else { break }
            value = first
        }
        #expect(levels == depth)
    }

    @Test func nestingBeyondTheMaximumIsAnError() {
        let depth = JSONParser.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = parseError(text)
        #expect(error?.offset == JSONParser.maximumDepth)
        #expect(error?.message == "JSON nested deeper than \(JSONParser.maximumDepth) levels")
    }

    @Test func hostileNestingDoesNotCrash() {
        #expect(parseError(String(repeating: "[", count: 100_000))?.offset == JSONParser.maximumDepth)
        #expect(parseError(String(repeating: #"{"a":"#, count: 10_000)) != nil)
        let mixed = String(repeating: #"[{"k":"#, count: 200) + "1" + String(repeating: "}]", count: 200)
        #expect(parseError(mixed)?.message.contains("nested deeper") == true)
    }

    @Test func depthIsPerPathNotCumulative() throws {
        let half = JSONParser.maximumDepth - 1
        let deep = String(repeating: "[", count: half) + String(repeating: "]", count: half)
        // Many siblings each nested to just under the limit.
        let text = "[" + Array(repeating: deep, count: 10).joined(separator: ",") + "]"
        #expect(try JSONParser.parse(text).arrayValue?.count == 10)
    }
}

@Suite("JSON encoding")
struct JSONEncodingTests {
    let sample: JSONValue = [
        "name": "Tokyo",
        "temp": 22,
        "ratio": 0.5,
        "tags": ["a", 1, true, nil],
        "empty_list": [],
        "empty_object": [:],
        "nested": ["k": ["x": 1]],
    ]

    @Test func compactText() {
        #expect(sample.jsonText == #"{"name":"Tokyo","temp":22,"ratio":0.5,"tags":["a",1,true,null],"empty_list":[],"empty_object":{},"nested":{"k":{"x":1}}}"#)
        #expect(sample.description == sample.jsonText)
    }

    @Test func prettyText() {
        let expected = """
            {
              "name": "Tokyo",
              "temp": 22,
              "ratio": 0.5,
              "tags": [
                "a",
                1,
                true,
                null
              ],
              "empty_list": [],
              "empty_object": {},
              "nested": {
                "k": {
                  "x": 1
                }
              }
            }
            """
        #expect(sample.prettyJSONText == expected)
    }

    @Test func prettyScalarsAndEmptyContainers() {
        #expect(JSONValue.int(3).prettyJSONText == "3")
        #expect(JSONValue.string("a\"b").prettyJSONText == #""a\"b""#)
        #expect(JSONValue.array([]).prettyJSONText == "[]")
        #expect(JSONValue.object([:]).prettyJSONText == "{}")
        #expect(JSONValue.array([[]]).prettyJSONText == "[\n  []\n]")
    }

    @Test func doubles() {
        #expect(JSONValue.double(1000).jsonText == "1000.0")
        #expect(JSONValue.double(3.5).jsonText == "3.5")
        #expect(JSONValue.double(-2).jsonText == "-2.0")
        #expect(JSONValue.double(0.1).jsonText == "0.1")
        #expect(JSONValue.double(0).jsonText == "0.0")
        #expect(JSONValue.double(123_456_789_012_345).jsonText == "123456789012345.0")
        #expect(JSONValue.double(1e15).jsonText == "1000000000000000.0")
        #expect(JSONValue.double(1e16).jsonText == "1e+16")
        #expect(JSONValue.double(-2.5e-3).jsonText == "-0.0025")
        #expect(JSONValue.double(1e-7).jsonText == "1e-07")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func nonFiniteDoublesEncodeAsNull(value: Double) throws {
        #expect(JSONValue.double(value).jsonText == "null")
        #expect(JSONValue.array([.double(value)]).prettyJSONText == "[\n  null\n]")
        #expect(try JSONParser.parse(JSONValue.object(["x": .double(value)]).jsonText) == ["x": nil])
    }

    @Test(arguments: [0.1, 1.0 / 3.0, 2.5e-8, 6.02214076e23, -123.456, 1e300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude])
    func doublesReadBackExactly(value: Double) throws {
        #expect(try JSONParser.parse(JSONValue.double(value).jsonText) == .double(value))
    }

    @Test func stringEscaping() {
        #expect(JSONValue.quoted("plain") == #""plain""#)
        #expect(JSONValue.quoted("q\"b\\") == #""q\"b\\""#)
        #expect(JSONValue.quoted("\n\r\t\u{08}\u{0C}") == #""\n\r\t\b\f""#)
        #expect(JSONValue.quoted("\u{0}\u{1F}") == #""\u0000\u001f""#)
        #expect(JSONValue.quoted("é/😀\u{7F}") == "\"é/😀\u{7F}\"")
        #expect(JSONValue.quoted("é\n😀") == "\"é\\n😀\"")
    }

    @Test func keysAreEscapedToo() {
        let value: JSONValue = ["a\"b": 1, "line\nbreak": 2]
        #expect(value.jsonText == #"{"a\"b":1,"line\nbreak":2}"#)
        #expect(value.prettyJSONText == "{\n  \"a\\\"b\": 1,\n  \"line\\nbreak\": 2\n}")
    }

    @Test func everyControlCharacterRoundTrips() throws {
        let text = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let encoded = JSONValue.quoted(text)
        #expect(!encoded.unicodeScalars.contains { $0.value < 0x20 })
        #expect(try JSONParser.parse(encoded) == .string(text))
    }

    @Test func compactTextOfNestedValues() {
        #expect(JSONValue.array([1, "x", ["k": [true, nil]]]).jsonText == #"[1,"x",{"k":[true,null]}]"#)
    }
}
