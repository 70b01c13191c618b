import Foundation
import Testing
@testable import FanoutCore

@Suite("JSON depth")
struct JSONDepthTests {
    /// `[[…[1]…]]`, `levels` arrays deep, built without recursion.
    static func nestedArrays(_ levels: Int) -> JSONValue {
        var value: JSONValue = 1
        for _ in 0..<levels { value = .array([value]) }
        return value
    }

    /// Kept for the whole test process: freeing a value this deep would itself recurse once per level.
    static let veryDeep = nestedArrays(200_000)

    @Test func depthIsCountedAsTheParserCountsIt() throws {
        #expect(!JSONValue.int(1).isNested(deeperThan: 0))
        #expect(JSONValue.array([]).isNested(deeperThan: 0))
        #expect(!JSONValue.array([]).isNested(deeperThan: 1))
        let limit = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try !JSONParser.parse(deepest).isNested())
        #expect(Self.nestedArrays(limit + 1).isNested())
        #expect(!Self.nestedArrays(limit).isNested())
        let object: JSONValue = ["a": 1, "b": ["c": Self.nestedArrays(limit - 1)]]
        #expect(object.isNested())
        #expect(Self.veryDeep.isNested())
    }

    /// Values deeper than anything fanout keeps still print: the writers keep their stack on the heap.
    @Test func writersHandleAnyDepth() {
        let levels = 200_000
        let compact = Self.veryDeep.jsonText
        #expect(compact == String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels))
    }

    /// Indented text grows with the square of the depth, so this one is less deep, and printed on a
    /// thread with a small stack that one frame per level would overflow.
    @Test func prettyTextOfADeepValueNeedsNoDeepStack() async {
        let levels = 1_500
        let pretty = await onSmallStack { Self.deep.prettyJSONText }
        let lines = pretty.split(separator: "\n")
        #expect(lines.count == 2 * levels + 1)
        #expect(lines[levels] == Substring(String(repeating: "  ", count: levels) + "1"))
        #expect(lines.last == "]")
    }

    static let deep = nestedArrays(1_500)

    /// `body`'s result, computed on a thread with a 128 KiB stack.
    private func onSmallStack(_ body: @escaping @Sendable () -> String) async -> String {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 128 * 1024
            thread.start()
        }
    }

    @Test func prettyTextIsUnchangedForOrdinaryValues() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": [], "d": ["e": "f", "g": [["h": nil]]]]
        #expect(value.prettyJSONText == """
            {
              "a": [
                1,
                2
              ],
              "b": {},
              "c": [],
              "d": {
                "e": "f",
                "g": [
                  {
                    "h": null
                  }
                ]
              }
            }
            """)
        #expect(value.jsonText == #"{"a":[1,2],"b":{},"c":[],"d":{"e":"f","g":[{"h":null}]}}"#)
    }

    /// A handler whose result nests too deep ends in an error that says so, whatever the handler.
    @Test func anOutputNestedTooDeepIsAnErrorResult() async throws {
        struct Deep: ToolHandler {
            let name = "deep"
            func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
                JSONDepthTests.nestedArrays(JSONParser.maximumDepth + 1)
            }
        }
        struct Deepest: ToolHandler {
            let name = "deepest"
            func call(arguments: JSONObject, context: ToolContext) async throws -> JSONValue {
                JSONDepthTests.nestedArrays(JSONParser.maximumDepth)
            }
        }
        let (report, _) = try await runVirtual([call("call_1", "deep"), call("call_2", "deepest")], handlers: [Deep(), Deepest()])
        #expect(report["call_1"].status == .error)
        #expect(report["call_1"].error == "the result nests arrays and objects more than 256 levels deep, the most fanout keeps: return a flatter value")
        #expect(report["call_1"].output == nil)
        #expect(report["call_2"].status == .ok)
    }
}
