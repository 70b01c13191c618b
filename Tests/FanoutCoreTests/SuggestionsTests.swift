import Testing
@testable import FanoutCore

/// The command words of DESIGN.md §4, in the order the design lists them.
private let commandNames = [
    "help", "register", "unregister", "handlers", "demo", "call", "queue", "drop", "clear", "strategy",
    "set", "clock", "plan", "run", "results", "show", "source", "record", "quit", "exit",
]

private let handlerNames = [
    "get_weather", "get_news", "get_stock_price", "get_user", "get_orders", "get_recommendations",
]

@Suite("Did you mean")
struct SuggestionsTests {
    @Test func typoInAHandlerName() {
        #expect(Suggestions.closest(to: "get_wether", in: handlerNames) == "get_weather")
        #expect(Suggestions.closest(to: "get_order", in: handlerNames) == "get_orders")
        #expect(Suggestions.closest(to: "get_stok_price", in: handlerNames) == "get_stock_price")
    }

    @Test func typosInCommandNames() {
        #expect(Suggestions.closest(to: "regster", in: commandNames) == "register")
        #expect(Suggestions.closest(to: "qeuue", in: commandNames) == "queue")
        #expect(Suggestions.closest(to: "reslts", in: commandNames) == "results")
        #expect(Suggestions.closest(to: "hlep", in: commandNames) == "help")
    }

    @Test func prefixOfACommand() {
        #expect(Suggestions.closest(to: "strat", in: commandNames) == "strategy")
        #expect(Suggestions.closest(to: "regis", in: commandNames) == "register")
    }

    @Test func prefixWinsWhateverTheCandidateOrder() {
        // `strat` is as far from `set` (3 edits) as from `strategy`, but only `strategy` starts with it.
        #expect(Suggestions.closest(to: "strat", in: commandNames.sorted()) == "strategy")
    }

    @Test func prefixWinsOverACloserUnrelatedWord() {
        // `unreg` is 4 edits from `run` but 5 from `unregister`, which it starts.
        #expect(Suggestions.closest(to: "unreg", in: commandNames) == "unregister")
    }

    @Test func caseIsIgnoredButTheCandidateIsReturnedAsWritten() {
        #expect(Suggestions.closest(to: "GET_WETHER", in: handlerNames) == "get_weather")
        #expect(Suggestions.closest(to: "handlrs", in: ["Handlers", "help"]) == "Handlers")
        #expect(Suggestions.closest(to: "Strat", in: ["STRATEGY"]) == "STRATEGY")
    }

    /// In a word of a letter or two, a replaced letter is most of the word: no suggestion. A letter
    /// left out is still a plausible typo.
    @Test func shortWordsGetOnlyClosePlausibleSuggestions() {
        #expect(Suggestions.closest(to: "a", in: ["e", "b"]) == nil)
        #expect(Suggestions.closest(to: "x", in: ["xy"]) == nil)
        #expect(Suggestions.closest(to: "ab", in: ["ac"]) == nil)
        #expect(Suggestions.closest(to: "rn", in: commandNames) == "run")
        #expect(Suggestions.closest(to: "e", in: ["e", "f"]) == "e")
        #expect(Suggestions.closest(to: "sho", in: commandNames) == "show")
        #expect(Suggestions.closest(to: "cal", in: commandNames) == "call")
    }

    @Test func exactMatchIsItself() {
        #expect(Suggestions.closest(to: "run", in: commandNames) == "run")
    }

    @Test(arguments: ["banana", "xyzzy", "completely_unrelated", "q"])
    func unrelatedWordsHaveNoSuggestion(word: String) {
        #expect(Suggestions.closest(to: word, in: commandNames) == nil)
        #expect(Suggestions.closest(to: word, in: handlerNames) == nil)
    }

    @Test func noCandidatesNoSuggestion() {
        #expect(Suggestions.closest(to: "anything", in: [String]()) == nil)
        #expect(Suggestions.didYouMean("anything", in: [String]()) == "")
    }

    @Test func tiesGoToTheFirstCandidate() {
        #expect(Suggestions.closest(to: "cat", in: ["bat", "hat"]) == "bat")
        #expect(Suggestions.closest(to: "cat", in: ["hat", "bat"]) == "hat")
    }

    @Test func didYouMeanText() {
        #expect(Suggestions.didYouMean("get_wether", in: handlerNames) == " (did you mean get_weather?)")
        #expect(Suggestions.didYouMean("strat", in: commandNames) == " (did you mean strategy?)")
        #expect(Suggestions.didYouMean("banana", in: commandNames) == "")
    }

    @Test func editDistance() {
        #expect(Suggestions.editDistance("", "") == 0)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("abc", "") == 3)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("get_wether", "get_weather") == 1)
        // A swap of neighbours is one edit.
        #expect(Suggestions.editDistance("hlep", "help") == 1)
        #expect(Suggestions.editDistance("ab", "ba") == 1)
        #expect(Suggestions.editDistance("strat", "strategy") == 3)
        #expect(Suggestions.editDistance("strat", "set") == 3)
    }

    @Test func editDistanceIsSymmetric() {
        let words = ["strat", "strategy", "set", "hlep", "help", "get_wether", "get_weather", "", "a"]
        for a in words {
            for b in words {
                #expect(Suggestions.editDistance(a, b) == Suggestions.editDistance(b, a), "\(a) / \(b)")
            }
        }
    }
}
