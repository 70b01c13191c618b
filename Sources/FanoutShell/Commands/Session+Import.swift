import FanoutCore
import Foundation

extension Session {
    /// `import FILE [as FORMAT]`: queues the tool calls of a model's response, with the model's ids.
    func importCalls(_ arguments: [Word]) throws(CommandError) {
        guard let file = arguments.first, arguments.count == 1 || arguments.count == 3 else {
            throw CommandError("usage: \(CommandCatalog.Command.import.usage)", column: arguments.dropFirst(1).first?.column)
        }
        var format: WireFormat?
        if arguments.count == 3 {
            guard arguments[1].text == "as" else {
                throw CommandError("expected as FORMAT after the file; usage: \(CommandCatalog.Command.import.usage)", column: arguments[1].column)
            }
            format = try Session.wireFormat(arguments[2])
        }
        let json = try readJSON(file)
        var batch: ToolCallBatch
        do throws(WireFormatError) {
            if let format {
                batch = try format.toolCalls(in: json)
            } else {
                batch = try WireFormat.toolCalls(inAnyFormat: json)
            }
        } catch {
            throw CommandError("\(file.text): \(error.message)", column: file.column)
        }
        let queued = Set(queue.map(\.id))
        if let clash = batch.calls.first(where: { queued.contains($0.id) && !batch.generatedIDs.contains($0.id) }) {
            throw CommandError(
                "\(file.text): call id '\(clash.id)' is already queued; drop it or clear the queue first; nothing was imported",
                column: file.column)
        }
        // Made-up ids follow the session's own numbering, so they never clash.
        var generated: Set<String> = []
        for index in batch.calls.indices where batch.generatedIDs.contains(batch.calls[index].id) {
            batch.calls[index].id = nextCallID()
            generated.insert(batch.calls[index].id)
        }
        batch.generatedIDs = generated
        let count = batch.calls.count
        say("imported \(count) call\(count == 1 ? "" : "s") from \(batch.format.payloadName):")
        for call in batch.calls { enqueue(call, prefix: "  ") }
        lastImport = batch
    }

    /// The file's JSON, or an error that says why it has none.
    private func readJSON(_ file: Word) throws(CommandError) -> JSONValue {
        let folder = sourceStack.last?.folder ?? scriptFolder ?? FileManager.default.currentDirectoryPath
        let path = Session.path(file.text, relativeTo: folder)
        let text = try Session.readTextFile(at: path, named: file.text, relativeTo: folder, column: file.column)
        do {
            return try JSONParser.parse(text)
        } catch {
            throw CommandError("\(file.text) is not JSON (\(Session.place(of: error.offset, in: text))): expected a model's response or message", column: file.column)
        }
    }

    /// `line 3, column 7` for a byte offset into `text`.
    private static func place(of offset: Int, in text: String) -> String {
        let before = Array(text.utf8.prefix(offset))
        let line = before.count { $0 == UInt8(ascii: "\n") } + 1
        let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "line \(line), column \(column)"
    }

    /// The format a word names, or an error listing them.
    static func wireFormat(_ word: Word) throws(CommandError) -> WireFormat {
        guard let format = WireFormat(rawValue: word.text) else {
            let names = WireFormat.allCases.map(\.rawValue)
            throw CommandError(
                "unknown format '\(word.text)'\(Suggestions.didYouMean(word.text, in: names)); formats: \(names.joined(separator: ", "))",
                column: word.column)
        }
        return format
    }
}
