import FanoutCore

/// JSON text: what parses must write back as text that parses to the same value, compact and
/// indented, and must be no deeper than the parser allows; an error must point inside the text.
enum JSONTarget {
    static func run(_ text: String) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            precondition((0...text.count).contains(error.offset), "error offset \(error.offset) outside \(text.count) characters")
            _ = error.description
            return
        }
        precondition(!value.isNested(deeperThan: JSONParser.maximumDepth), "parsed a value deeper than the parser allows")
        let compact = value.jsonText
        precondition((try? JSONParser.parse(compact)) == value, "compact text does not read back the same: \(compact)")
        let pretty = value.prettyJSONText
        precondition((try? JSONParser.parse(pretty)) == value, "indented text does not read back the same: \(pretty)")
    }
}
