import Foundation
import Testing

extension EndToEnd.TerminalTests {
    /// A file sourced at the prompt that starts programs asks first: no refuses it, yes runs it.
    @Test func sourcingAFileThatStartsProgramsAsksFirst() async throws {
        try await withScreen { screen in
            let file = screen.home.appendingPathComponent("tools.fanout")
            try Data("register greet exec='[\"/bin/echo\", \"hello {who}\"]'\ncall greet who=Ada\nrun\n".utf8).write(to: file)
            try screen.start()
            _ = try await screen.waitFor("fanout> ")
            try screen.keys("source \(file.path)", "Enter")
            _ = try await screen.waitFor("let it? [y/N]")
            try screen.keys("n", "Enter")
            _ = try await screen.waitFor("you answered no")
            try screen.keys("source \(file.path)", "Enter")
            _ = try await screen.waitFor("the question again") { $0.components(separatedBy: "let it? [y/N]").count == 3 }
            try screen.keys("y", "Enter")
            // The summary line wraps at the pane's 100 columns.
            let done = try await screen.waitFor("work 0.0")
            #expect(done.contains("call_1  greet  ok"))
            try screen.keys("C-d")
            #expect(try await screen.exitStatus() == 0)
        }
    }
}
