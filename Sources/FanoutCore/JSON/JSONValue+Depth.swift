extension JSONValue {
    /// Whether arrays and objects nest more than `limit` levels deep in this value (`[]` is one level,
    /// a scalar none), as ``JSONParser`` counts them: it refuses text nested deeper than
    /// ``JSONParser/maximumDepth``, and the executor refuses outputs that are.
    ///
    /// Looks at most `limit + 1` levels down, so the check itself never recurses deeper than that.
    public func isNested(deeperThan limit: Int = JSONParser.maximumDepth) -> Bool {
        switch self {
        case .array(let elements):
            return limit == 0 || elements.contains { $0.isNested(deeperThan: limit - 1) }
        case .object(let object):
            return limit == 0 || object.values.contains { $0.isNested(deeperThan: limit - 1) }
        default:
            return false
        }
    }
}
