/// The tool calls of one model response, ready for the executor, and what a reply needs to know.
public struct ToolCallBatch: Sendable, Equatable {
    /// The format they came in, and the one ``reply(with:)`` answers in.
    public var format: WireFormat
    /// The calls, in the order the model wrote them, with the model's own ids.
    public var calls: [ToolCall]
    /// Ids made up for calls the model sent without one (Gemini's may have none): replies leave
    /// them out, as the model expects.
    public var generatedIDs: Set<String>
    /// Text the model wrote beside its calls, if any.
    public var text: String?

    /// A batch of `calls` read in `format`.
    public init(format: WireFormat, calls: [ToolCall], generatedIDs: Set<String> = [], text: String? = nil) {
        self.format = format
        self.calls = calls
        self.generatedIDs = generatedIDs
        self.text = text
    }

    /// The reply that answers every call of the batch in its format (see ``WireFormat/reply(with:omittingIDs:)``).
    public func reply(with results: [CallResult]) -> JSONValue {
        format.reply(with: results, omittingIDs: generatedIDs)
    }
}
