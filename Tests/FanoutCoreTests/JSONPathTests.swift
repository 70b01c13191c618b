import Testing
@testable import FanoutCore

/// The path error for `text`, or `nil` when it parses.
private func pathError(_ text: String) -> JSONPathError? {
    do {
        _ = try JSONPath(parsing: text)
        return nil
    } catch {
        return error
    }
}

/// The lookup failure message, or `nil` when the lookup succeeds.
private func lookupMessage(_ value: JSONValue, _ path: String) throws -> String? {
    switch value.lookup(try JSONPath(parsing: path)) {
    case .success: return nil
    case .failure(let error): return error.message
    }
}

@Suite("JSON paths")
struct JSONPathTests {
    let result: JSONValue = [
        "user": ["name": "Ada", "id": 7],
        "orders": [
            ["product": "lamp", "qty": 1],
            ["product": "desk", "qty": 2],
        ],
        "empty": [:],
        "note": "hello",
        "count": 2,
        "nothing": nil,
    ]

    // MARK: Parsing

    @Test func keysAndIndexes() throws {
        #expect(try JSONPath(parsing: "orders[0].product").components == [.key("orders"), .index(0), .key("product")])
        #expect(try JSONPath(parsing: "a.b.c").components == [.key("a"), .key("b"), .key("c")])
        #expect(try JSONPath(parsing: "matrix[1][22]").components == [.key("matrix"), .index(1), .index(22)])
    }

    @Test func leadingDotIsAllowed() throws {
        #expect(try JSONPath(parsing: ".orders").components == [.key("orders")])
        #expect(try JSONPath(parsing: ".orders[0]").components == [.key("orders"), .index(0)])
    }

    @Test func leadingIndex() throws {
        #expect(try JSONPath(parsing: "[1]").components == [.index(1)])
        #expect(try JSONPath(parsing: "[0].name").components == [.index(0), .key("name")])
    }

    @Test func emptyTextIsTheWholeValue() throws {
        #expect(try JSONPath(parsing: "").components.isEmpty)
        #expect(JSONPath().components.isEmpty)
    }

    @Test func keysMayHoldOtherCharacters() throws {
        #expect(try JSONPath(parsing: "naïve-key_1.x y").components == [.key("naïve-key_1"), .key("x y")])
    }

    @Test func missingBracket() {
        #expect(pathError("a[") == JSONPathError(message: "missing ']' in path 'a['"))
        #expect(pathError("a[0") != nil)
    }

    @Test(arguments: ["a[x]", "a[]", "a[-1]", "a[1.5]", "[ 1]"])
    func nonIndexInBrackets(text: String) {
        let error = pathError(text)
        #expect(error?.message.contains("is not an array index in path '\(text)'") == true, "\(String(describing: error))")
        #expect(error?.message.hasSuffix("use a number like [0]") == true)
    }

    @Test func nonIndexMessage() {
        #expect(pathError("a[x]")?.message == "'[x]' is not an array index in path 'a[x]': use a number like [0]")
    }

    /// A dot is always followed by a key, leading or not: `$call_1.` and `$call_1.[0]` are slips, as
    /// `$call_1..location` is.
    @Test(arguments: ["a..b", "a.", "..a", "a[0].", "a.[", ".", ".[0]", "a.[0]"])
    func emptyKeys(text: String) {
        #expect(pathError(text) == JSONPathError(message: "empty key in path '\(text)'"))
    }

    @Test func keyDirectlyAfterIndexNeedsADot() {
        #expect(pathError("orders[0]product") != nil)
    }

    @Test(arguments: ["orders[0].product", "a.b.c", "[1]", "m[1][2]", "x"])
    func descriptionRoundTrips(text: String) throws {
        let path = try JSONPath(parsing: text)
        #expect(path.description == text)
        #expect(try JSONPath(parsing: path.description) == path)
    }

    @Test func descriptionDropsTheLeadingDot() throws {
        #expect(try JSONPath(parsing: ".orders[0]").description == "orders[0]")
    }

    // MARK: Lookup

    @Test func subscriptFindsValues() throws {
        #expect(result[path: try JSONPath(parsing: "orders[1].product")] == "desk")
        #expect(result[path: try JSONPath(parsing: "user.id")] == 7)
        #expect(result[path: JSONPath()] == result)
        #expect(result[path: try JSONPath(parsing: "nothing")] == .null)
        #expect(result[path: try JSONPath(parsing: "orders[2]")] == nil)
        #expect(result[path: try JSONPath(parsing: "note.x")] == nil)
        #expect(result[path: try JSONPath(parsing: "user[0]")] == nil)
        #expect(result[path: try JSONPath(parsing: "missing")] == nil)
    }

    @Test func lookupSucceeds() throws {
        #expect(try result.lookup(JSONPath(parsing: "orders[0].qty")).get() == 1)
        #expect(try result.lookup(JSONPath(parsing: "orders")).get().arrayValue?.count == 2)
        #expect(try result.lookup(JSONPath()).get() == result)
        #expect(try result.lookup(JSONPath(parsing: "nothing")).get() == .null)
    }

    @Test func missingKeyAtTheTopListsKnownKeys() throws {
        #expect(try lookupMessage(result, "order") == "the result has no key 'order' (did you mean orders?) (it has: user, orders, empty, note, count, nothing)")
    }

    @Test func missingKeyInsideNamesThePathSoFar() throws {
        #expect(try lookupMessage(result, "orders[0].price") == "'orders[0]' has no key 'price' (it has: product, qty)")
        #expect(try lookupMessage(result, "user.email") == "'user' has no key 'email' (it has: name, id)")
    }

    @Test func missingKeyInAnEmptyObject() throws {
        #expect(try lookupMessage(result, "empty.x") == "'empty' has no key 'x' (it is an empty object)")
        #expect(try lookupMessage([:], "x") == "the result has no key 'x' (it is an empty object)")
    }

    @Test func knownKeysAreCappedAtEight() throws {
        let wide = JSONValue.object(JSONObject(uniqueKeysWithValues: (1...12).map { ("k\($0)", JSONValue.int($0)) }))
        #expect(try lookupMessage(wide, "zz") == "the result has no key 'zz' (it has: k1, k2, k3, k4, k5, k6, k7, k8)")
    }

    @Test func indexOutOfRange() throws {
        #expect(try lookupMessage(result, "orders[2]") == "'orders' has no index [2] (it has 2 elements)")
        #expect(try lookupMessage([], "[0]") == "the result has no index [0] (it has 0 elements)")
        #expect(try lookupMessage([1, 2, 3], "[7]") == "the result has no index [7] (it has 3 elements)")
    }

    @Test func keyOnANonObject() throws {
        #expect(try lookupMessage(result, "orders.product") == "'orders' is an array, not an object, so it has no key 'product'")
        #expect(try lookupMessage(result, "note.length") == "'note' is a string, not an object, so it has no key 'length'")
        #expect(try lookupMessage(result, "nothing.x") == "'nothing' is null, not an object, so it has no key 'x'")
        #expect(try lookupMessage(42, "x") == "the result is a number, not an object, so it has no key 'x'")
    }

    @Test func indexOnANonArray() throws {
        #expect(try lookupMessage(result, "user[0]") == "'user' is an object, not an array, so it has no index [0]")
        #expect(try lookupMessage(result, "count[1]") == "'count' is a number, not an array, so it has no index [1]")
        #expect(try lookupMessage(true, "[0]") == "the result is a boolean, not an array, so it has no index [0]")
        #expect(try lookupMessage(result, "orders[1].qty[0]") == "'orders[1].qty' is a number, not an array, so it has no index [0]")
    }
}
