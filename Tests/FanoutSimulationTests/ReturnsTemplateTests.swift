import Testing
import FanoutCore
@testable import FanoutSimulation

private func render(_ template: JSONValue, _ arguments: JSONObject, handler: String = "get_weather") throws -> JSONValue {
    try ReturnsTemplate.render(template, arguments: arguments, handler: handler)
}

@Suite("Returns templates")
struct ReturnsTemplateTests {
    // MARK: Whole-string placeholders keep the JSON type

    @Test func wholePlaceholderKeepsANumber() throws {
        #expect(try render("{n}", ["n": 42]) == .int(42))
        #expect(try render("{n}", ["n": 3.5]) == .double(3.5))
    }

    @Test func wholePlaceholderKeepsAnObjectOrArray() throws {
        let user: JSONValue = ["name": "Ada", "tags": ["x", 1]]
        #expect(try render("{user}", ["user": user]) == user)
        #expect(try render("{list}", ["list": [1, nil, true]]) == [1, nil, true])
    }

    @Test func wholePlaceholderKeepsBooleansNullAndStrings() throws {
        #expect(try render("{b}", ["b": false]) == .bool(false))
        #expect(try render("{z}", ["z": nil]) == .null)
        #expect(try render("{s}", ["s": "Tokyo"]) == .string("Tokyo"))
    }

    @Test func placeholdersInsideObjectsAndArrays() throws {
        let template: JSONValue = ["location": "{location}", "temperature": 22, "days": ["{day}", "later"]]
        let rendered = try render(template, ["location": "Tokyo", "day": 3])
        #expect(rendered == ["location": "Tokyo", "temperature": 22, "days": [3, "later"]])
        #expect(rendered.jsonText == #"{"location":"Tokyo","temperature":22,"days":[3,"later"]}"#)
    }

    @Test func keysAreNotTemplated() throws {
        #expect(try render(["{k}": "{k}"], ["k": 1]) == ["{k}": 1])
    }

    // MARK: Placeholders inside longer text

    @Test func placeholderInTextUsesTheStringsRawText() throws {
        #expect(try render("Weather in {city}", ["city": "Tokyo"]) == "Weather in Tokyo")
        // No quotes, no escaping: the string's own text.
        #expect(try render("say {q}!", ["q": "a \"b\"\n"]) == .string("say a \"b\"\n!"))
    }

    @Test func placeholderInTextUsesCompactJSONForOtherTypes() throws {
        #expect(try render("n={n}", ["n": 42]) == "n=42")
        #expect(try render("x={x}", ["x": 1.5]) == "x=1.5")
        #expect(try render("ok: {b}", ["b": true]) == "ok: true")
        #expect(try render("v={v}", ["v": nil]) == "v=null")
        #expect(try render("user {u}", ["u": ["name": "Ada", "id": 7]]) == #"user {"name":"Ada","id":7}"#)
        #expect(try render("[{l}]", ["l": [1, "a"]]) == #"[[1,"a"]]"#)
    }

    @Test func severalPlaceholdersInOneString() throws {
        #expect(try render("{a}{b}", ["a": 1, "b": 2]) == "12")
        #expect(try render("{a}-{a}", ["a": "x"]) == "x-x")
        #expect(try render("{greeting}, {name}.", ["greeting": "Hi", "name": "Ada"]) == "Hi, Ada.")
    }

    @Test func whitespaceAroundAPlaceholderMakesItText() throws {
        #expect(try render(" {n}", ["n": 5]) == " 5")
        #expect(try render("{n} ", ["n": 5]) == "5 ")
    }

    // MARK: Literal braces

    @Test(arguments: ["{ not }", "{}", "{1abc}", "{a-b}", "{a.b}", "open { only", "close } only", "}{", "{", "plain"])
    func nonIdentifierBracesStayLiteral(text: String) throws {
        #expect(try render(.string(text), [:]) == .string(text))
        #expect(ReturnsTemplate.parameters(of: .string(text)).isEmpty)
    }

    @Test func literalBracesAroundAPlaceholder() throws {
        #expect(try render("{{a}}", ["a": 1]) == "{1}")
        #expect(try render("{ x {a} }", ["a": "y"]) == "{ x y }")
        #expect(try render(#"{"k": {v}}"#, ["v": 2]) == #"{"k": 2}"#)
    }

    @Test func identifiersMayUseUnderscoresDigitsAndLetters() throws {
        #expect(try render("{_id2}", ["_id2": 9]) == 9)
        #expect(try render("{città}", ["città": "Roma"]) == "Roma")
        #expect(try render("{user_id}", ["user_id": 7]) == 7)
    }

    @Test func nonStringValuesAreCopied() throws {
        #expect(try render(42, ["x": 1]) == 42)
        #expect(try render(nil, [:]) == nil)
        #expect(try render(["a": [1, 2.5, false]], [:]) == ["a": [1, 2.5, false]])
    }

    // MARK: Missing arguments

    @Test func missingArgumentThrowsAToolErrorNamingIt() {
        #expect(throws: ToolError.invalidArguments(
            "missing argument 'location': the returns template of get_weather uses {location}; pass location=…"
        )) {
            try render(["t": "{location}"], [:])
        }
    }

    @Test func missingArgumentInsideTextThrowsToo() {
        #expect(throws: ToolError.invalidArguments("missing argument 'b': the returns template of fmt uses {b}; pass b=…")) {
            try render("{a} and {b}", ["a": 1], handler: "fmt")
        }
    }

    @Test func missingArgumentDeepInAnArrayThrows() {
        #expect(throws: ToolError.self) {
            try render(["list": [["x": "{deep}"]]], ["other": 1])
        }
    }

    @Test func extraArgumentsAreIgnored() throws {
        #expect(try render("{a}", ["a": 1, "b": 2]) == 1)
    }

    // MARK: Parameters

    @Test func parametersInFirstUseOrder() {
        let template: JSONValue = [
            "z": "{zeta}",
            "list": ["{alpha} and {beta}", "{zeta}"],
            "nested": ["k": "{gamma}", "n": 1, "lit": "{ not }"],
            "again": "{alpha}{delta}",
        ]
        #expect(ReturnsTemplate.parameters(of: template) == ["zeta", "alpha", "beta", "gamma", "delta"])
    }

    @Test func parametersOfPlainValues() {
        #expect(ReturnsTemplate.parameters(of: 42) == [])
        #expect(ReturnsTemplate.parameters(of: ["{key}": "literal"]) == [])
        #expect(ReturnsTemplate.parameters(of: "{only}") == ["only"])
    }
}
